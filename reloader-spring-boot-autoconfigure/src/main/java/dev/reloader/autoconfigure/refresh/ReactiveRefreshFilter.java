package dev.reloader.autoconfigure.refresh;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * WebFlux filter that serves the refresh script and its event stream, and adds the script
 * to the HTML pages of the application. It runs ahead of every other filter (Spring
 * Security's among them), so that its two paths need no login; it answers nothing else.
 *
 * @author Reloader contributors
 */
class ReactiveRefreshFilter implements WebFilter, Ordered {

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private static final byte[] OPENED = ":\n\n".getBytes(StandardCharsets.US_ASCII);

	private final RefreshSignal signal;

	ReactiveRefreshFilter(RefreshSignal signal) {
		this.signal = signal;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (HttpMethod.GET.equals(request.getMethod()) && path.equals(RefreshScript.SCRIPT_PATH)) {
			return serveScript(exchange.getResponse());
		}
		if (HttpMethod.GET.equals(request.getMethod()) && path.equals(RefreshScript.EVENTS_PATH)) {
			return openStream(exchange.getResponse());
		}
		if (HttpMethod.HEAD.equals(request.getMethod())) {
			return chain.filter(exchange);
		}
		String contextPath = request.getPath().contextPath().value();
		return chain.filter(exchange.mutate().response(new PageResponse(exchange.getResponse(), contextPath)).build());
	}

	private Mono<Void> serveScript(ServerHttpResponse response) {
		byte[] script = RefreshScript.script();
		response.getHeaders().setContentType(new MediaType("text", "javascript", StandardCharsets.UTF_8));
		response.getHeaders().setCacheControl("no-store");
		response.getHeaders().setContentLength(script.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(script)));
	}

	private Mono<Void> openStream(ServerHttpResponse response) {
		response.getHeaders().setCacheControl("no-store");
		if (this.signal.isClosed()) {
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return response.setComplete();
		}
		Flux<DataBuffer> events = Flux.<DataBuffer>create((sink) -> {
			RefreshSignal.Stream stream = new RefreshSignal.Stream() {

				@Override
				public void reload() {
					sink.next(response.bufferFactory().wrap(RefreshScript.RELOAD_EVENT));
				}

				@Override
				public void close() {
					sink.complete();
				}

			};
			if (this.signal.add(stream)) {
				sink.onDispose(() -> this.signal.remove(stream));
			}
			else {
				sink.error(new IllegalStateException("closing"));
			}
		});
		response.getHeaders().setContentType(EVENT_STREAM);
		// A comment, which is no event, sends the headers: the page knows the stream is open
		Flux<DataBuffer> opened = Flux.defer(() -> Flux.just(response.bufferFactory().wrap(OPENED)));
		return response.writeAndFlushWith(opened.concatWith(events).map(Flux::just))
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty());
	}

	/**
	 * A response whose body, when it is an HTML page written at once, gets the script.
	 */
	private static final class PageResponse extends ServerHttpResponseDecorator {

		private final String contextPath;

		PageResponse(ServerHttpResponse delegate, String contextPath) {
			super(delegate);
			this.contextPath = contextPath;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (!isPage()) {
				return super.writeWith(body);
			}
			return DataBufferUtils.join(body).defaultIfEmpty(bufferFactory().wrap(new byte[0])).flatMap((joined) -> {
				byte[] page = new byte[joined.readableByteCount()];
				joined.read(page);
				DataBufferUtils.release(joined);
				HttpHeaders headers = getHeaders();
				byte[] withScript = RefreshScript.addTo(page, charset(headers), this.contextPath,
						headers.getFirst("Content-Security-Policy"));
				headers.setContentLength(withScript.length);
				return super.writeWith(Mono.just(bufferFactory().wrap(withScript)));
			});
		}

		private boolean isPage() {
			HttpHeaders headers = getHeaders();
			MediaType type = headers.getContentType();
			String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
			HttpStatusCode status = getStatusCode();
			return type != null && RefreshScript.isPage(type.toString())
					&& (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity"))
					&& (status == null || status.value() != HttpStatus.PARTIAL_CONTENT.value());
		}

		private static Charset charset(HttpHeaders headers) {
			MediaType type = headers.getContentType();
			return (type != null && type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
		}

	}

}
