#!/bin/sh
# A metric plugin with plugin meta, like the official _example/metrics-plugins/dice-with-meta.go.
if [ "$MACKEREL_AGENT_PLUGIN_META" = 1 ]; then
  echo '# mackerel-agent-plugin'
  echo '{"graphs":{"dice":{"label":"My Dice","unit":"integer","metrics":[{"name":"d6","label":"Die (d6)"},{"name":"d20","label":"Die (d20)","stacked":true}]}}}'
  exit 0
fi
now=$(date +%s)
printf 'dice.d6\t3\t%s\n' "$now"
printf 'dice.d20\t17\t%s\n' "$now"
[ "${MACKEREL_AGENT_PLUGIN_META-unset}" = "" ] && printf 'meta.empty\t1\t%s\n' "$now"
echo 'rolled two dice' >&2
exit 1
