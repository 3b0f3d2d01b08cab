// Reloads the page when the application asks for it (a template or static file changed)
// and when the application answers again after a restart. Added to HTML pages by the
// reloader, only where it runs the application.
(function () {
	'use strict';
	var script = document.currentScript;
	var events = new URL('events', script.src).href;
	// Retry often while an application restarts, seldom once it has been gone for a while
	var quickRetries = 80;
	var failures = 0;
	// The page came from an application that is gone once its stream has dropped: the next
	// stream that opens belongs to the new application, which is ready to serve the page.
	var dropped = false;

	function connect() {
		var source = new EventSource(events);
		source.onopen = function () {
			if (dropped) {
				source.close();
				location.reload();
				return;
			}
			failures = 0;
			script.setAttribute('data-reloader', 'open');
		};
		source.onmessage = function (event) {
			if (event.data === 'reload') {
				source.close();
				location.reload();
			}
		};
		source.onerror = function () {
			source.close();
			dropped = true;
			script.setAttribute('data-reloader', 'reconnecting');
			failures++;
			setTimeout(connect, (failures <= quickRetries) ? 250 : 1000);
		};
	}

	connect();
})();
