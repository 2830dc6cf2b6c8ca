## The supervisors' screens: shifts, a shift's detail, rule performance,
## audit (refused to inspectors).
libdouane_tui_a_SOURCES += \
	src/tui/view_shifts.c src/tui/view_shift_detail.c \
	src/tui/view_rules.c src/tui/view_audit.c
