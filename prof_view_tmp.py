import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cascade.settings"); django.setup()
from django.test import Client
from django.test.utils import override_settings, CaptureQueriesContext
from django.db import connection, close_old_connections
from django.core.signals import request_started, request_finished
from django.contrib.auth import get_user_model
request_started.disconnect(close_old_connections); request_finished.disconnect(close_old_connections)
user, url = sys.argv[1], sys.argv[2]
c = Client(SERVER_NAME="localhost"); c.force_login(get_user_model().objects.get(username=user))
with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    c.get(url)
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); r = c.get(url); total = time.perf_counter() - t
    print(r.status_code, f"{total*1000:.0f} ms", len(q.captured_queries), "queries")
    for x in sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:6]:
        print(x["time"], x["sql"][:300].replace("\n", " "))
    import cProfile, pstats
    cProfile.run("c.get(url)", "/tmp/view.prof")
    pstats.Stats("/tmp/view.prof").sort_stats("cumtime").print_stats("wt-dashboard", 25)
