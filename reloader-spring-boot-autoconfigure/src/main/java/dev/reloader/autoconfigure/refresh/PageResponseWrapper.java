package dev.reloader.autoconfigure.refresh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds the body of an HTML page back until the page is complete, to add the refresh
 * script and set the new length. Any other response (JSON, a file, a page that is already
 * compressed or partial, a length given before its type) goes straight through, byte for
 * byte: the decision is taken when the application asks for the body's stream or writer,
 * by when it has set the content type.
 *
 * @author Reloader contributors
 */
class PageResponseWrapper extends HttpServletResponseWrapper {

	private static final String CONTENT_LENGTH = "Content-Length";

	private final String contextPath;

	private Boolean holding;

	private boolean lengthPassedOn;

	private ByteArrayOutputStream body;

	private ServletOutputStream stream;

	private PrintWriter writer;

	PageResponseWrapper(HttpServletResponse response, String contextPath) {
		super(response);
		this.contextPath = contextPath;
	}

	private boolean isHolding() {
		if (this.holding == null) {
			this.holding = !this.lengthPassedOn && !isCommitted() && isPage()
					&& getStatus() != HttpServletResponse.SC_PARTIAL_CONTENT;
			if (this.holding) {
				this.body = new ByteArrayOutputStream();
			}
		}
		return this.holding;
	}

	private boolean isPage() {
		String encoding = getHeader("Content-Encoding");
		return RefreshScript.isPage(getContentType())
				&& (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity"));
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		if (!isHolding()) {
			return super.getOutputStream();
		}
		if (this.stream == null) {
			this.stream = new HeldStream();
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.stream != null && this.writer == null) {
			throw new IllegalStateException("getOutputStream() has already been called for this response");
		}
		if (!isHolding()) {
			return super.getWriter();
		}
		if (this.writer == null) {
			this.stream = new HeldStream();
			this.writer = new PrintWriter(new OutputStreamWriter(this.stream, charset()));
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (!isHolding()) {
			super.flushBuffer();
		}
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		if (this.body != null) {
			if (this.writer != null) {
				this.writer.flush();
			}
			this.body.reset();
		}
	}

	@Override
	public void reset() {
		super.reset();
		this.holding = null;
		this.lengthPassedOn = false;
		this.body = null;
		this.stream = null;
		this.writer = null;
	}

	@Override
	public void sendError(int status) throws IOException {
		discardHeld();
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		discardHeld();
		super.sendError(status, message);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		discardHeld();
		super.sendRedirect(location);
	}

	private void discardHeld() {
		if (this.body != null) {
			this.body.reset();
		}
	}

	@Override
	public void setContentLength(int length) {
		setContentLengthLong(length);
	}

	@Override
	public void setContentLengthLong(long length) {
		if (passesLengthOn()) {
			super.setContentLengthLong(length);
		}
	}

	@Override
	public void setHeader(String name, String value) {
		if (!CONTENT_LENGTH.equalsIgnoreCase(name) || passesLengthOn()) {
			super.setHeader(name, value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (!CONTENT_LENGTH.equalsIgnoreCase(name) || passesLengthOn()) {
			super.addHeader(name, value);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		if (!CONTENT_LENGTH.equalsIgnoreCase(name) || passesLengthOn()) {
			super.setIntHeader(name, value);
		}
	}

	@Override
	public void addIntHeader(String name, int value) {
		if (!CONTENT_LENGTH.equalsIgnoreCase(name) || passesLengthOn()) {
			super.addIntHeader(name, value);
		}
	}

	/**
	 * Return whether a length the application sets goes on to the response: not for a page
	 * whose body is held back (its length changes), nor for what looks like one yet.
	 */
	private boolean passesLengthOn() {
		boolean passes = (this.holding != null) ? !this.holding : !isPage();
		if (passes && this.holding == null) {
			this.lengthPassedOn = true;
		}
		return passes;
	}

	/**
	 * Stop holding the body back: the application goes on writing it later, on another
	 * thread. What it wrote so far goes out as it is.
	 */
	void passThrough() throws IOException {
		if (this.holding == null) {
			this.holding = false;
		}
		else if (this.holding) {
			writeHeld(false);
		}
	}

	/**
	 * Write the held page, with the script when it is a whole page, to the response.
	 */
	void finish() throws IOException {
		if (this.holding != null && this.holding) {
			writeHeld(true);
		}
	}

	private void writeHeld(boolean addScript) throws IOException {
		if (this.writer != null) {
			this.writer.flush();
		}
		byte[] page = this.body.toByteArray();
		if (addScript) {
			page = RefreshScript.addTo(page, charset(), this.contextPath, getHeader("Content-Security-Policy"));
			super.setContentLength(page.length);
		}
		this.holding = false;
		this.body = null;
		getResponse().getOutputStream().write(page);
	}

	private Charset charset() {
		String encoding = getCharacterEncoding();
		try {
			return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	/**
	 * The stream of a held page.
	 */
	private final class HeldStream extends ServletOutputStream {

		@Override
		public void write(int b) throws IOException {
			if (PageResponseWrapper.this.holding) {
				PageResponseWrapper.this.body.write(b);
			}
			else {
				getResponse().getOutputStream().write(b);
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			if (PageResponseWrapper.this.holding) {
				PageResponseWrapper.this.body.write(bytes, offset, length);
			}
			else {
				getResponse().getOutputStream().write(bytes, offset, length);
			}
		}

		@Override
		public void flush() throws IOException {
			if (!PageResponseWrapper.this.holding) {
				getResponse().getOutputStream().flush();
			}
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("A page held back to add the refresh script is written blocking");
		}

	}

}
