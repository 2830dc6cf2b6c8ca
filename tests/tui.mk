## Headless interface scenarios: keystroke scripts and expected screens
## (tests/tui/test-tui.sh says how they work).
TESTS += tests/tui/test-tui.sh tests/tui/test-tmux.sh
EXTRA_DIST += tests/tui/forgotten-lock.script tests/tui/forgotten-wrong.script tests/tui/forgotten-idle.script tests/tui/remembered.script tests/tui/test-tui.sh tests/tui/test-tmux.sh tests/tui/queue.xml tests/tui/queue_gen.h \
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
	tests/tui/idle-back.expected \
	tests/tui/idle-locked.expected \
	tests/tui/idle-not-yet.expected \
	tests/tui/idle.script \
	tests/tui/jump-end-key.expected \
	tests/tui/jump-end-pgup.expected \
	tests/tui/jump-end.expected \
	tests/tui/jump-end.script \
	tests/tui/jump-home.expected \
	tests/tui/lock-back.expected \
	tests/tui/lock-before.expected \
	tests/tui/lock-detail-back.expected \
	tests/tui/lock-detail.expected \
	tests/tui/lock-notice.expected \
	tests/tui/lock-screen.expected \
	tests/tui/lock-screen2.expected \
	tests/tui/lock-switch-queue.expected \
	tests/tui/lock-switch.expected \
	tests/tui/lock-wrong.expected \
	tests/tui/lock.script \
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
	tests/tui/search.script \
	tests/tui/unlock-done.expected \
	tests/tui/unlock-notice-gone.expected \
	tests/tui/unlock-notice.expected \
	tests/tui/unlock-open.expected \
	tests/tui/unlock-refused.expected \
	tests/tui/unlock-resize-100x30.expected \
	tests/tui/unlock-resize-back.expected \
	tests/tui/unlock-resize-back2.expected \
	tests/tui/unlock-resize-small.expected \
	tests/tui/unlock-resize.script \
	tests/tui/unlock-typing.expected \
	tests/tui/unlock-wait.expected \
	tests/tui/unlock-waited.expected \
	tests/tui/unlock-wrong-user.expected \
	tests/tui/unlock-wrong.expected \
	tests/tui/unlock-wrong.script \
	tests/tui/unlock.script \
	tests/tui/colours-queue.expected \
	tests/tui/colours-text.expected \
	tests/tui/colours.script \
	tests/tui/douanerc \
	tests/tui/filter-cleared.expected \
	tests/tui/filter-crossing-all.expected \
	tests/tui/filter-crossing1.expected \
	tests/tui/filter-crossing3.expected \
	tests/tui/filter-lane-cycle.expected \
	tests/tui/filter-lane-red.expected \
	tests/tui/filter-none.expected \
	tests/tui/filter-red-cons-expected.expected \
	tests/tui/filters-open.expected \
	tests/tui/filters.script \
	tests/tui/french-filtered.expected \
	tests/tui/french-help.expected \
	tests/tui/french-queue.expected \
	tests/tui/french.script \
	tests/tui/mono-queue.expected \
	tests/tui/mono.script \
	tests/tui/rc-attrs.expected \
	tests/tui/rc-moved.expected \
	tests/tui/rc-queue.expected \
	tests/tui/rc.script \
	tests/tui/sort-arrival-end.expected \
	tests/tui/sort-arrival-pgdn.expected \
	tests/tui/sort-arrival-pgup.expected \
	tests/tui/sort-arrival.expected \
	tests/tui/sort-open.expected \
	tests/tui/sort-rank.expected \
	tests/tui/sort-ref-end.expected \
	tests/tui/sort-ref.expected \
	tests/tui/sort.script

# The queue's orders and crossing filter in the store, on a seeded queue.
check_PROGRAMS += tests/test_store_queue
tests_test_store_queue_SOURCES = tests/test_store_queue.c tests/testutil.h
tests_test_store_queue_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_store_queue_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_store_queue

# A vault with a seeded queue (lanes, crossings) for the scenarios.
check_PROGRAMS += tests/tui/queue-fill
tests_tui_queue_fill_SOURCES = tests/tui/queue-fill.c
tests_tui_queue_fill_CFLAGS = $(TEST_CORE_CFLAGS)
tests_tui_queue_fill_LDADD = $(DOUANE_CORE_LIBS)
# The inspector's screens (outcome, override, walk-in).
EXTRA_DIST += \
	tests/tui/french-form-bad.expected \
	tests/tui/french-form.expected \
	tests/tui/french-form.script \
	tests/tui/inspect-done.expected \
	tests/tui/inspect-form.expected \
	tests/tui/inspect-no-shift.expected \
	tests/tui/inspect-queue.expected \
	tests/tui/inspect-recorded.expected \
	tests/tui/inspect-summary.expected \
	tests/tui/inspect-unlocked.expected \
	tests/tui/inspect-why.expected \
	tests/tui/inspect.rules \
	tests/tui/inspect.script \
	tests/tui/outcome-back.expected \
	tests/tui/outcome-bad-hs.expected \
	tests/tui/outcome-resize.script \
	tests/tui/outcome-small.expected \
	tests/tui/outcome-typed.expected \
	tests/tui/override-detail.expected \
	tests/tui/override-form.expected \
	tests/tui/override-missing.expected \
	tests/tui/override-queue.expected \
	tests/tui/override-typed.expected \
	tests/tui/override.script \
	tests/tui/walkin-bad.expected \
	tests/tui/walkin-form.expected \
	tests/tui/walkin-found.expected \
	tests/tui/walkin-queue.expected \
	tests/tui/walkin.script
