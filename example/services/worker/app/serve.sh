#!/bin/sh
# Serves /app/www on $PORT: Python's http.server where the base has Python, busybox httpd otherwise.
set -e
cd /app/www
if command -v python3 >/dev/null 2>&1; then
  exec python3 -m http.server "${PORT}" --bind 0.0.0.0
fi
exec busybox httpd -f -p "0.0.0.0:${PORT}" -h /app/www
