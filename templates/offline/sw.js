{% autoescape off %}/* RUKO PARSEL service worker: pages stay readable when the signal drops (home/offline.py).
   Pages: network first, always; a kept copy is shown only when the network does not answer,
   with a banner saying when it was saved. Forms are never stored or replayed. */
"use strict";

var STRINGS = {{ strings }};
var OFFLINE_URL = {{ offline_url }};
var NOT_SENT_URL = {{ not_sent_url }};
var LOGOUT_URL = {{ logout_url }};
var PUBLIC = "ruko-pages-public";   // anonymous pages, public anyway
var USER = "ruko-pages-user";       // the signed-in person's pages; emptied when they change
var SAVED = "ruko-pages-saved";     // "Save to read offline": kept until replaced
var ASSETS = "ruko-assets";         // static files and images the kept pages use
var META = "ruko-meta";             // who the kept user pages belong to
var FALLBACK = "ruko-fallback-v1";  // the two offline pages, fetched at install
var MAX_PAGES = 60;
var MAX_ASSETS = 80;
var HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;  // collectstatic's immutable names

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(FALLBACK).then(function (cache) {
      return Promise.all([OFFLINE_URL, NOT_SENT_URL].map(function (url) {
        return fetch(url, { credentials: "omit" }).then(function (response) {
          if (response.ok) { return cache.put(url, response); }
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("ruko-fallback-") === 0 && name !== FALLBACK;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function pageKey(url) {
  var parsed = new URL(url);
  parsed.hash = "";
  return parsed.href;
}

function currentOwner() {
  return caches.open(META).then(function (cache) {
    return cache.match("/owner");
  }).then(function (hit) { return hit ? hit.text() : "anonymous"; });
}

// A new person (or nobody) behind this browser: the previous person's pages go.
function follow(owner) {
  return currentOwner().then(function (previous) {
    if (previous === owner) { return; }
    return caches.delete(USER).then(function () {
      return caches.open(META);
    }).then(function (cache) {
      return cache.put("/owner", new Response(owner));
    });
  });
}

function forgetUser() {
  return follow("anonymous");
}

function trim(name, limit) {
  return caches.open(name).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - limit)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

function store(name, url, response) {
  var headers = new Headers();
  ["Content-Type", "Content-Security-Policy", "Content-Language"].forEach(function (header) {
    if (response.headers.has(header)) { headers.set(header, response.headers.get(header)); }
  });
  headers.set("X-Offline-Saved", new Date().toISOString());
  return response.blob().then(function (body) {
    return caches.open(name).then(function (cache) {
      return cache.delete(pageKey(url)).then(function () {
        return cache.put(pageKey(url), new Response(body, { status: 200, headers: headers }));
      });
    });
  }).then(function () {
    return name === SAVED ? null : trim(name, MAX_PAGES);
  });
}

// What the server allows (X-Offline-Owner, X-Offline-Keep) decides what is kept, and where.
function keep(url, response) {
  var owner = response.headers.get("X-Offline-Owner");
  if (owner === null) { return Promise.resolve(); }
  return follow(owner).then(function () {
    var kind = response.headers.get("X-Offline-Keep");
    if (!response.ok || response.type !== "basic" || !kind) { return; }
    if (kind === "user" && owner === "anonymous") { return; }
    return store(kind === "user" ? USER : PUBLIC, url, response);
  });
}

function twoDigits(number) {
  return (number < 10 ? "0" : "") + number;
}

// Saved times are shown in WITA (UTC+8, no daylight saving), as everywhere on the portal.
function whenText(iso, strings) {
  var wita = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return wita.getUTCDate() + " " + strings.months[wita.getUTCMonth()] + " " +
    wita.getUTCFullYear() + ", " + twoDigits(wita.getUTCHours()) + "." +
    twoDigits(wita.getUTCMinutes()) + " WITA";
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function withBanner(response) {
  var saved = response.headers.get("X-Offline-Saved");
  var headers = new Headers(response.headers);
  return response.text().then(function (html) {
    var lang = (html.match(/<html[^>]*\slang="([a-z-]+)"/) || [])[1];
    var strings = STRINGS[lang] || STRINGS.id;
    var banner = '<div class="wrap"><p class="notice notice--warning offline-banner no-print" role="status">' +
      escapeHtml(strings.banner.replace("%(when)s", whenText(saved, strings))) + "</p></div>";
    var main = html.search(/<main[\s>]/);
    var at = main >= 0 ? html.indexOf(">", main) + 1 : html.indexOf(">", html.search(/<body[\s>]/)) + 1;
    return new Response(html.slice(0, at) + banner + html.slice(at), { status: 200, headers: headers });
  });
}

function fallback(url, status) {
  return caches.open(FALLBACK).then(function (cache) { return cache.match(url); }).then(function (hit) {
    if (!hit) { return Response.error(); }
    return hit.blob().then(function (body) {
      return new Response(body, { status: status, headers: hit.headers });
    });
  });
}

function keptCopy(url) {
  return currentOwner().then(function (owner) {
    var names = owner === "anonymous" ? [SAVED, PUBLIC] : [USER, SAVED, PUBLIC];
    return names.reduce(function (found, name) {
      return found.then(function (hit) {
        if (hit) { return hit; }
        return caches.open(name).then(function (cache) { return cache.match(pageKey(url)); });
      });
    }, Promise.resolve(undefined));
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(keep(request.url, response.clone()));
    return response;
  }, function () {
    return keptCopy(request.url).then(function (hit) {
      return hit ? withBanner(hit) : fallback(OFFLINE_URL, 503);
    });
  });
}

// Forms go straight to the network; without it, the person is told plainly it was not sent.
function send(event) {
  var request = event.request;
  var leaving = new URL(request.url).pathname === LOGOUT_URL ? forgetUser() : Promise.resolve();
  return leaving.then(function () {
    return fetch(request).catch(function () { return fallback(NOT_SENT_URL, 503); });
  });
}

function asset(request) {
  var url = new URL(request.url);
  return caches.open(ASSETS).then(function (cache) {
    var fromNetwork = fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        cache.put(request, response.clone()).then(function () { return trim(ASSETS, MAX_ASSETS); });
      }
      return response;
    });
    if (HASHED.test(url.pathname)) {
      return cache.match(request).then(function (hit) { return hit || fromNetwork; });
    }
    return fromNetwork.catch(function () {
      return cache.match(request).then(function (hit) { return hit || Response.error(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/admin/") === 0) { return; }
  if (request.mode === "navigate") {
    event.respondWith(request.method === "GET" ? page(event) : send(event));
  } else if (request.method === "GET" &&
             (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/media/") === 0)) {
    event.respondWith(asset(request));
  }
});

// The files a kept page loads from this site (scripts, icons, images), so that it also
// prints complete without a signal.
function keepAssets(html, base) {
  var found = html.match(/(?:src|href)="\/(?:static|media)\/[^"]+"/g) || [];
  return caches.open(ASSETS).then(function (cache) {
    return Promise.all(found.map(function (attribute) {
      var url = new URL(attribute.slice(attribute.indexOf('"') + 1, -1), base).href;
      return cache.match(url).then(function (hit) {
        return hit || fetch(url).then(function (response) {
          if (response.ok) { return cache.put(url, response); }
        });
      });
    }));
  });
}

function saveForOffline(url) {
  // The anonymous version: public content only, so it can stay after sign-out.
  return fetch(url, { credentials: "omit" }).then(function (response) {
    if (!response.ok || response.headers.get("X-Offline-Keep") !== "public") {
      throw new Error("not saveable");
    }
    var copy = response.clone();
    return response.text().then(function (html) {
      return Promise.all([store(SAVED, url, copy), keepAssets(html, url)]);
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (typeof data.url !== "string" || new URL(data.url).origin !== self.location.origin) { return; }
  if (data.type === "keep") {
    // The first page someone opens is loaded before the worker runs: keep it now. For public
    // pages the browser's HTTP cache answers, so this costs no second download.
    event.waitUntil(fetch(data.url, { credentials: "same-origin", cache: "force-cache" })
      .then(function (response) { return keep(data.url, response); })
      .catch(function () {}));
  } else if (data.type === "save") {
    event.waitUntil(saveForOffline(data.url).then(function () {
      if (port) { port.postMessage({ saved: true }); }
    }, function () {
      if (port) { port.postMessage({ saved: false }); }
    }));
  }
});
{% endautoescape %}
