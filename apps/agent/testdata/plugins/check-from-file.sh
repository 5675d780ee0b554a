#!/bin/sh
# A check plugin whose result the test controls: $1 holds "<exit code> <message>".
read -r code message < "$1"
printf '%s' "$message"
exit "$code"
