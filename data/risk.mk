## The default risk rules, installed for "douane rules load" and the demo.
rulesdir = $(pkgdatadir)/rules
dist_rules_DATA = data/rules/default.rules
