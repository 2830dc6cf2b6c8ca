## The screening screens, headless (tests/tui/test-hits.sh).
TESTS += tests/tui/test-hits.sh
EXTRA_DIST += tests/tui/test-hits.sh tests/tui/hits.xml tests/tui/hits.script \
	tests/tui/hits-detail.expected tests/tui/hits-list.expected \
	tests/tui/hits-missing.expected tests/tui/hits-form.expected \
	tests/tui/hits-dismissed.expected tests/tui/hits-detail-after.expected \
	tests/tui/hits-queue.expected
EXTRA_DIST += tests/tui/lookup.script tests/tui/lookup-form.expected \
	tests/tui/lookup-results.expected tests/tui/lookup-entry.expected \
	tests/tui/lookup-entry-pgdn.expected tests/tui/lookup-queue.expected
