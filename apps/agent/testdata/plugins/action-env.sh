#!/bin/sh
# A check action: appends "status|previous status|message" to $ACTION_OUT ("unset" marks an unset variable).
printf '%s|%s|%s\n' "${MACKEREL_STATUS-unset}" "${MACKEREL_PREVIOUS_STATUS-unset}" "${MACKEREL_CHECK_MESSAGE-unset}" >> "$ACTION_OUT"
