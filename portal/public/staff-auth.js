/*
 * Sign-in for the staff workbench (/staff/). The token lives ONLY in the closure variable `session`
 * below: never in localStorage, sessionStorage or a cookie, and no other script can read it (they call
 * `api()`, which attaches it). A reload or a new tab therefore means signing in again.
 *
 * Two modes, chosen by /staff/config.json (written at build time, see portal/src/pages/staff/config.json.ts):
 * - local: a role picker posts `{ role, township | county | department, name?, sub? }` to POST /api/v1/dev/token;
 * - oidc: the authorization-code flow with PKCE (RFC 7636, S256) against the configured issuer.
 *   The code verifier, `state` and `nonce` must survive the redirect to the issuer and back, which
 *   memory cannot; they (never a token) go to sessionStorage under one key that is removed as soon as
 *   the browser returns. The code is exchanged at the token endpoint with the verifier; the returned
 *   id_token's `nonce` must match. Signatures are checked by the API's JWT authorizer, not here.
 *
 * The expiry shown is the client's receipt time plus the token's lifetime (`expiresIn`, or exp − iat),
 * so a skewed client clock does not sign anyone out early.
 * Renewal: a minute before expiry (local: the dev-token request again; OIDC: the refresh-token grant,
 * kept in this closure); it emits `renewed`, so the page is not redrawn. See portal/src/pages/staff/_README.md.
 */
(function () {
  'use strict';
  var PKCE_KEY = 'bozhou.staff.pkce';
  var session = null;
  var config = null;
  var listeners = {};
  var expiryTimer = null;
  var renewTimer = null;
  var renewer = null;
  var RENEW_BEFORE_SECONDS = 60;

  function on(event, fn) { (listeners[event] = listeners[event] || []).push(fn); }
  function emit(event, arg) { (listeners[event] || []).forEach(function (fn) { fn(arg); }); }

  // ---------- encoding helpers (also used by the unit-level browser test) ----------
  function b64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function randomString(byteLength) {
    var a = new Uint8Array(byteLength);
    crypto.getRandomValues(a);
    return b64url(a);
  }
  /** S256: BASE64URL(SHA-256(ASCII(verifier))). */
  function challengeFor(verifier) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (d) { return b64url(new Uint8Array(d)); });
  }
  function decodeJwt(token) {
    try {
      var part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) part += '=';
      var bin = atob(part);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) { return {}; }
  }
  function roleOf(claims) {
    var g = claims['cognito:groups'];
    if (Array.isArray(g)) return g[0];
    if (typeof g === 'string') return g.replace(/^\[|\]$/g, '').split(/[\s,]+/)[0];
    return claims.role;
  }

  function loadConfig() {
    if (config) return Promise.resolve(config);
    return fetch('/staff/config.json', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { mode: 'local' }; })
      .catch(function () { return { mode: 'local' }; })
      .then(function (c) { config = c; return c; });
  }

  function setSession(token, info) {
    var claims = decodeJwt(token);
    var lifetime = Number(info.expiresIn) || (claims.exp && claims.iat ? claims.exp - claims.iat : 900);
    var received = Date.now();
    session = {
      token: token,
      role: info.role || roleOf(claims),
      sub: info.sub || claims.sub,
      name: (info.scope && info.scope.name) || claims.name || '',
      scope: info.scope || {},
      mode: info.mode,
      expiresAt: received + lifetime * 1000,
    };
    scheduleExpiry(lifetime);
    emit('signedIn', publicSession());
  }

  function scheduleExpiry(lifetime) {
    clearTimeout(expiryTimer);
    clearTimeout(renewTimer);
    expiryTimer = setTimeout(function () { signOut('expired'); }, lifetime * 1000);
    if (renewer) renewTimer = setTimeout(renew, Math.max(lifetime - Math.min(RENEW_BEFORE_SECONDS, lifetime / 5), 1) * 1000);
  }

  /** Resolves true when renewed (same person); otherwise the session expires as before. */
  function renew() {
    if (!session || !renewer) return Promise.resolve(false);
    var was = session;
    return renewer().then(function (next) {
      if (!next || !next.token || session !== was) return false;
      var claims = decodeJwt(next.token);
      if ((claims.sub || was.sub) !== was.sub) return false;
      var lifetime = Number(next.expiresIn) || (claims.exp && claims.iat ? claims.exp - claims.iat : 900);
      session.token = next.token;
      session.expiresAt = Date.now() + lifetime * 1000;
      scheduleExpiry(lifetime);
      emit('renewed', publicSession());
      return true;
    }, function () { return false; });
  }

  function signOut(reason) {
    if (!session) return;
    session = null;
    renewer = null;
    clearTimeout(expiryTimer);
    clearTimeout(renewTimer);
    emit('signedOut', reason || 'signedOut');
  }

  /** What the page may know about the session: everything but the token. */
  function publicSession() {
    if (!session) return null;
    return { role: session.role, sub: session.sub, name: session.name, scope: session.scope, mode: session.mode, expiresAt: session.expiresAt };
  }

  function readBody(res) {
    return res.text().then(function (t) {
      var data = null;
      try { data = t ? JSON.parse(t) : null; } catch (e) { data = { detail: t }; }
      return { status: res.status, body: data };
    });
  }

  function devToken(body) {
    return fetch((config && config.devTokenPath) || '/api/v1/dev/token', {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin',
    }).then(readBody);
  }

  function signInLocal(fields) {
    var body = { role: fields.role };
    ['township', 'county', 'department', 'organisation', 'name', 'sub'].forEach(function (k) { if (fields[k]) body[k] = fields[k]; });
    return devToken(body).then(function (r) {
      if (r.status === 200 && r.body && r.body.token) {
        var again = Object.assign({}, body, { sub: r.body.sub || body.sub });
        renewer = function () { return devToken(again).then(function (n) { return n.status === 200 && n.body ? { token: n.body.token, expiresIn: n.body.expiresIn } : null; }); };
        setSession(r.body.token, { role: r.body.role || fields.role, sub: r.body.sub, expiresIn: r.body.expiresIn, scope: body, mode: 'local' });
      }
      return r;
    });
  }

  // ---------- OIDC authorization code + PKCE ----------
  function endpoints() {
    if (config.authorizationEndpoint && config.tokenEndpoint) {
      return Promise.resolve({ authorization_endpoint: config.authorizationEndpoint, token_endpoint: config.tokenEndpoint });
    }
    return fetch(config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration').then(function (r) {
      if (!r.ok) throw new Error('无法读取统一身份认证的配置（' + r.status + '）');
      return r.json();
    });
  }

  function redirectUri() { return location.origin + (config.redirectPath || '/staff/'); }

  function authorizeUrl(authorizationEndpoint, p) {
    var q = new URLSearchParams({
      response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope || 'openid',
      code_challenge: p.challenge, code_challenge_method: 'S256', state: p.state, nonce: p.nonce,
    });
    return authorizationEndpoint + (authorizationEndpoint.indexOf('?') >= 0 ? '&' : '?') + q.toString();
  }

  function beginOidc() {
    var verifier = randomString(48); // 64 characters, within RFC 7636's 43–128
    var state = randomString(16);
    var nonce = randomString(16);
    return Promise.all([endpoints(), challengeFor(verifier)]).then(function (r) {
      var returnTo = location.search.indexOf('code=') >= 0 ? '' : location.search;
      try { sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier: verifier, state: state, nonce: nonce, returnTo: returnTo })); } catch (e) { /* the exchange will fail with a clear message */ }
      location.assign(authorizeUrl(r[0].authorization_endpoint, { challenge: r[1], state: state, nonce: nonce }));
    });
  }

  function tokenRequest(fields) {
    return endpoints().then(function (ep) {
      return fetch(ep.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(fields).toString() });
    }).then(readBody);
  }

  /** On return from the issuer: resolves true once signed in, false when this is not a return. */
  function completeOidc() {
    var params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) return Promise.resolve(false);
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null'); sessionStorage.removeItem(PKCE_KEY); } catch (e) { saved = null; }
    var clean = function () { history.replaceState(null, '', (config.redirectPath || '/staff/') + ((saved && saved.returnTo) || '')); };
    if (params.has('error')) { clean(); return Promise.reject(new Error('统一身份认证没有完成登录：' + params.get('error'))); }
    if (!saved || saved.state !== params.get('state')) { clean(); return Promise.reject(new Error('登录请求已失效（state 不匹配），请重新登录。')); }
    return tokenRequest({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(), client_id: config.clientId, code_verifier: saved.verifier }).then(function (r) {
      clean();
      if (r.status !== 200 || !r.body) throw new Error('换取令牌失败（' + r.status + '）');
      var idClaims = r.body.id_token ? decodeJwt(r.body.id_token) : {};
      if (r.body.id_token && idClaims.nonce !== saved.nonce) throw new Error('登录凭证校验失败（nonce 不匹配），请重新登录。');
      var token = config.apiToken === 'id' ? r.body.id_token : (r.body.access_token || r.body.id_token);
      if (!token) throw new Error('统一身份认证没有返回令牌。');
      var refresh = r.body.refresh_token || null;
      renewer = refresh ? function () {
        return tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh, client_id: config.clientId }).then(function (n) {
          if (n.status !== 200 || !n.body) return null;
          if (n.body.refresh_token) refresh = n.body.refresh_token;
          return { token: config.apiToken === 'id' ? n.body.id_token : (n.body.access_token || n.body.id_token), expiresIn: n.body.expires_in };
        });
      } : null;
      setSession(token, { expiresIn: r.body.expires_in, mode: 'oidc', scope: { name: idClaims.name || '' } });
      return true;
    });
  }

  /** Calls the API with the token. A 401 signs out (the token expired or was revoked). */
  function api(method, path, body, headers) {
    if (!session) return Promise.resolve({ status: 401, body: { title: '需要登录', detail: '请先登录。' } });
    var h = { accept: 'application/json', authorization: 'Bearer ' + session.token };
    for (var k in headers || {}) h[k] = headers[k];
    if (body !== undefined) h['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      .then(readBody, function () { return { status: 0, body: { title: '网络错误', detail: '无法连接服务器，请检查网络后重试。' } }; })
      .then(function (r) {
        if (r.status === 401) signOut('expired');
        return r;
      });
  }

  window.BozhouStaffAuth = {
    loadConfig: loadConfig,
    signInLocal: signInLocal,
    beginOidc: beginOidc,
    completeOidc: completeOidc,
    signOut: signOut,
    renew: renew,
    session: publicSession,
    api: api,
    on: on,
    // Exposed for unit-level tests only; none of them touches the token.
    _pkce: { challengeFor: challengeFor, randomString: randomString, decodeJwt: decodeJwt, authorizeUrl: function (ep, p, c) { config = c || config; return authorizeUrl(ep, p); } },
  };
})();
