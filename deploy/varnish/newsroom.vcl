# Varnish in front of Newsroom's gunicorn processes: docs/caching.md.
#
#   varnishd -a :80 -f /path/to/deploy/varnish/newsroom.vcl -p vcl_path=/etc/newsroom
#
# Needs the xkey module (Debian: varnish-modules). The backends are in
# newsroom-backends.vcl, found on vcl_path: copy newsroom-backends.example.vcl there
# (e.g. /etc/newsroom/newsroom-backends.vcl) and name your gunicorn processes in it.
#
# What it does:
# - Caches anonymous readers' GET/HEAD answers as the application's Cache-Control says
#   (s-maxage); editors (a session cookie), the admin and previews always pass.
# - Tags every object with the answer's Surrogate-Key header; the application purges by
#   key after every committed change (PURGE with an xkey-purge header, from `purgers`).
# - Serves stale pages while refreshing only within the application's
#   stale-while-revalidate (absent when a scheduled change is due), and any page it still
#   holds, up to stale-if-error, while every backend is down.
vcl 4.1;

import directors;
import std;
import xkey;

include "newsroom-backends.vcl";

# Who may purge: the application servers. Widen to their addresses in production.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    unset req.http.x-cache;
    set req.backend_hint = newsroom.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # An anonymous reader's cookies (a leftover csrftoken, analytics) change nothing on a
    # public page; without them the application's own page cache answers too.
    unset req.http.Cookie;
    if (req.http.x-refresh) {
        # Restarted from vcl_hit: fetch a fresh copy and replace the stale one.
        set req.hash_always_miss = true;
    }
    return (hash);
}

sub vcl_hit {
    set req.http.x-cache = "hit";
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # Past its s-maxage: stale-if-error while the backends are down, stale-while-revalidate
    # (Varnish refreshes it in the background) when the application allowed it.
    if (!std.healthy(req.backend_hint)) {
        return (deliver);
    }
    if (obj.ttl + std.duration(obj.http.x-swr, 0s) > 0s) {
        return (deliver);
    }
    set req.http.x-refresh = "1";
    return (restart);
}

sub vcl_miss {
    set req.http.x-cache = "miss";
}

sub vcl_pass {
    set req.http.x-cache = "pass";
}

sub vcl_backend_response {
    # vmod xkey indexes objects by the xkey header.
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.http.x-swr = regsub(beresp.http.Cache-Control,
            ".*stale-while-revalidate=([0-9]+).*", "\1s");
    } else {
        set beresp.http.x-swr = "0s";
    }
    # Keep the object past its TTL as long as stale-if-error allows; vcl_hit decides when a
    # stale object may be served.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
    } else {
        set beresp.grace = 0s;
    }
    # Varnish's built-in rules follow: answers with Set-Cookie, private or no-store
    # Cache-Control, or no s-maxage/max-age lifetime are never stored.
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.x-swr;
    set resp.http.X-Cache = req.http.x-cache;
}
