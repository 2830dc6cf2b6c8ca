## The risk commands: rules, score, explain, override.
douane_SOURCES += src/cli/cmd_risk.c
