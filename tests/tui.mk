## Headless interface scenarios: keystroke scripts and expected screens
## (tests/tui/test-tui.sh says how they work).
TESTS += tests/tui/test-tui.sh
EXTRA_DIST += tests/tui/test-tui.sh tests/tui/queue.xml \
	tests/tui/bad-command.script \
	tests/tui/bad-key.script \
	tests/tui/detail-back-first.expected \
	tests/tui/detail-back.expected \
	tests/tui/detail-consignment-pgdn.expected \
	tests/tui/detail-consignment.expected \
	tests/tui/detail-traveller.expected \
	tests/tui/detail-vehicle.expected \
	tests/tui/detail.script \
	tests/tui/help-back.expected \
	tests/tui/help-pgdn.expected \
	tests/tui/help.expected \
	tests/tui/help.script \
	tests/tui/jump-end-key.expected \
	tests/tui/jump-end-pgup.expected \
	tests/tui/jump-end.expected \
	tests/tui/jump-end.script \
	tests/tui/jump-home.expected \
	tests/tui/move-down-arrows.expected \
	tests/tui/move-down.expected \
	tests/tui/move-down.script \
	tests/tui/page-down-ctrl.expected \
	tests/tui/page-down.expected \
	tests/tui/page-down.script \
	tests/tui/page-up.expected \
	tests/tui/paging-home.expected \
	tests/tui/paging-last.expected \
	tests/tui/paging-p3.expected \
	tests/tui/paging-p4.expected \
	tests/tui/paging-up.expected \
	tests/tui/paging.script \
	tests/tui/queue-open.expected \
	tests/tui/queue-open.script \
	tests/tui/quit.script \
	tests/tui/resize-100x30.expected \
	tests/tui/resize-back.expected \
	tests/tui/resize-back2.expected \
	tests/tui/resize-small.expected \
	tests/tui/resize.script \
	tests/tui/search-cancelled.expected \
	tests/tui/search-cleared.expected \
	tests/tui/search-cn1.expected \
	tests/tui/search-detail.expected \
	tests/tui/search-kept.expected \
	tests/tui/search-none.expected \
	tests/tui/search-typing.expected \
	tests/tui/search.script
