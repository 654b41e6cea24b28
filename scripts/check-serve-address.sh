#!/usr/bin/env bash
# Refuse to serve the dashboard beyond this machine without an editor password.
# Usage: scripts/check-serve-address.sh ADDRESS   (run by `make run` before Streamlit starts)
# A loopback address (127.x.x.x, localhost, ::1) always passes. Any other address passes
# only when UNION_DASH_PASSWORD is set or a Streamlit secrets file (.streamlit/secrets.toml
# here or in $HOME) sets editor_password; otherwise anyone on the network could edit or
# delete the corpus. The password itself is never printed.
set -euo pipefail
address="${1-}"
case "$address" in
  127.*|localhost|::1|"[::1]") exit 0 ;;
esac
if [[ -n "${UNION_DASH_PASSWORD-}" ]]; then
  exit 0
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
for secrets in "$here/.streamlit/secrets.toml" "${HOME-}/.streamlit/secrets.toml"; do
  if [[ -f "$secrets" ]] && grep -Eq '^[[:space:]]*editor_password[[:space:]]*=[[:space:]]*("[^"]+"|'"'"'[^'"'"']+'"'"')' "$secrets"; then
    exit 0
  fi
done
cat >&2 <<MSG
拒绝启动：要在 ${address:-（空地址）} 上对外提供看板，必须先设置编辑密码，否则网络上任何人都能上传、删除和修改数据。
Refusing to serve on ${address:-an empty address} without an editor password: anyone on the network could edit or delete data.
设置方法（任选其一）/ Set one of:
  UNION_DASH_PASSWORD='…' make run ADDRESS=0.0.0.0
  或在 .streamlit/secrets.toml 中写入 / or in .streamlit/secrets.toml:  editor_password = "…"
只在本机使用 / local use only:  make run   （默认 ADDRESS=127.0.0.1）
MSG
exit 1
