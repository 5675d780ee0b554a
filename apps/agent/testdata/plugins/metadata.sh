#!/bin/sh
# A metadata plugin: "good" prints JSON, "bad" prints text, "fail" prints JSON but exits 3.
case "$1" in
  good) echo 'debug line' >&2; echo '{"role":"db","ports":[5432]}' ;;
  bad) echo 'not json' ;;
  fail) echo '{"ok":true}'; exit 3 ;;
esac
