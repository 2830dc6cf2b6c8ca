## The supervisors' commands: report, countersign.
douane_SOURCES += src/cli/cmd_report.c
