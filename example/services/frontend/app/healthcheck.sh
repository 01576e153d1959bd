#!/bin/sh
# HEALTHCHECK: GET /healthz on $PORT answers 200.
if command -v python3 >/dev/null 2>&1; then
  exec python3 -c "import os,urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=2)"
fi
exec wget -q -O /dev/null "http://127.0.0.1:${PORT}/healthz"
