package dev.reloader.autoconfigure.refresh;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Servlet filter that serves the refresh script and its event stream, and adds the script
 * to the HTML pages of the application. It runs ahead of every other filter (Spring
 * Security's among them), so that its two paths need no login; it answers nothing else.
 *
 * @author Reloader contributors
 */
class ServletRefreshFilter implements Filter {

	private final RefreshSignal signal;

	ServletRefreshFilter(RefreshSignal signal) {
		this.signal = signal;
	}

	@Override
	public void init(FilterConfig filterConfig) {
		BrowserRefreshAutoConfiguration.logStart(filterConfig.getServletContext().getContextPath());
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean get = "GET".equals(request.getMethod());
		if (get && request.getDispatcherType() == DispatcherType.REQUEST && path.equals(RefreshScript.SCRIPT_PATH)) {
			serveScript(response);
		}
		else if (get && request.getDispatcherType() == DispatcherType.REQUEST
				&& path.equals(RefreshScript.EVENTS_PATH)) {
			openStream(request, response);
		}
		else if ("HEAD".equals(request.getMethod())) {
			chain.doFilter(request, response);
		}
		else {
			PageResponseWrapper page = new PageResponseWrapper(response, request.getContextPath());
			chain.doFilter(request, page);
			if (request.isAsyncStarted()) {
				// The page is written later, on another thread: leave it as it is
				page.passThrough();
			}
			else {
				page.finish();
			}
		}
	}

	private void serveScript(HttpServletResponse response) throws IOException {
		byte[] script = RefreshScript.script();
		response.setContentType("text/javascript;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(script.length);
		response.getOutputStream().write(script);
	}

	private void openStream(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!request.isAsyncSupported()) {
			response.sendError(HttpServletResponse.SC_NOT_IMPLEMENTED, "Asynchronous requests are not supported");
			return;
		}
		response.setContentType("text/event-stream");
		response.setHeader("Cache-Control", "no-store");
		AsyncContext async = request.startAsync();
		async.setTimeout(0);
		ServletStream stream = new ServletStream(async, this.signal);
		async.addListener(stream);
		if (!this.signal.add(stream)) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			async.complete();
			return;
		}
		response.flushBuffer();
	}

	/**
	 * An open event stream of one page.
	 */
	private static final class ServletStream implements RefreshSignal.Stream, AsyncListener {

		private final AsyncContext async;

		private final RefreshSignal signal;

		private final Object monitor = new Object();

		private boolean ended;

		ServletStream(AsyncContext async, RefreshSignal signal) {
			this.async = async;
			this.signal = signal;
		}

		@Override
		public void reload() {
			synchronized (this.monitor) {
				if (this.ended) {
					return;
				}
				try {
					ServletResponse response = this.async.getResponse();
					response.getOutputStream().write(RefreshScript.RELOAD_EVENT);
					response.flushBuffer();
				}
				catch (IOException | IllegalStateException ex) {
					end();
				}
			}
		}

		@Override
		public void close() {
			synchronized (this.monitor) {
				end();
			}
		}

		private void end() {
			if (!this.ended) {
				this.ended = true;
				this.signal.remove(this);
				try {
					this.async.complete();
				}
				catch (IllegalStateException ex) {
					// Already completed by the container
				}
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			ended();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			close();
		}

		@Override
		public void onError(AsyncEvent event) {
			close();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void ended() {
			synchronized (this.monitor) {
				this.ended = true;
			}
			this.signal.remove(this);
		}

	}

}
