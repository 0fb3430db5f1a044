# The gunicorn processes behind Varnish (included by newsroom.vcl). An example for one
# machine: copy it as newsroom-backends.vcl into a directory on vcl_path (not beside
# newsroom.vcl: Varnish looks there first) and list your own processes.
# The probe takes a process out of rotation while /healthz fails; with none left,
# newsroom.vcl serves the pages it holds (stale-if-error).

probe newsroom_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = newsroom_health;
}

sub vcl_init {
    new newsroom = directors.round_robin();
    newsroom.add_backend(app1);
}
