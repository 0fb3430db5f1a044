"""gunicorn settings for Newsroom: `gunicorn -c gunicorn.conf.py newsroom.wsgi`.

Chosen for the 2-core machines this project runs on (docs/caching.md has the figures);
every value can be overridden from the environment, as the settings module is.

- workers = cores + 1, sync-style processes with 2 threads each (gthread): a cached page
  or a 304 costs ~20 us of the application's CPU (newsroom/cache/hot.py; the rest is
  gunicorn's HTTP handling), an uncached story ~4 ms, almost all of it Python under the
  GIL, so processes, not threads, use the cores. One extra process covers the
  time others wait on the database or the page store; the second thread per process lets
  a process answer a keep-alive client (Varnish, wrk) while another request waits. More
  processes only add memory (~70 MB each) and context switches on 2 cores.
- timeout 30 s: a request stuck longer than that (a lock, a runaway query) is killed and
  its worker replaced instead of serving nobody; editors' imports run as commands, not
  requests. graceful_timeout lets requests finish on a reload.
- keepalive 5 s: Varnish and browsers reuse connections; more only holds sockets open.
- max_requests 2000 with jitter 200: workers are recycled now and then, so slow growth of
  memory (fragmentation, a leak in a dependency) cannot build up, and the jitter keeps
  them from restarting all at once.
- preload_app: the code is imported once before forking, so workers share its memory and
  start in milliseconds; Django opens no database connection at import, so none is shared
  across the fork.
- worker_tmp_dir /dev/shm: the workers' heartbeat files live in memory, not on a disk that
  may stall under load.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
preload_app = True
# gunicorn creates its own private files there (mkstemp); the directory is only a place.
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
