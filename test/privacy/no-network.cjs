// Preloaded (node --require) into every process of the privacy test: each
// network entry point of Node throws, so any attempt to reach the network
// fails loudly instead of silently leaking a draft.
'use strict'
const refuse = (name) =>
  function () {
    throw new Error(`claimlint privacy test: network call ${name} refused`)
  }
const net = require('node:net')
const tls = require('node:tls')
const http = require('node:http')
const https = require('node:https')
const dns = require('node:dns')
const http2 = require('node:http2')
const dgram = require('node:dgram')

for (const [mod, name, keys] of [
  [net, 'net', ['connect', 'createConnection']],
  [tls, 'tls', ['connect']],
  [http, 'http', ['request', 'get']],
  [https, 'https', ['request', 'get']],
  [http2, 'http2', ['connect']],
  [dgram, 'dgram', ['createSocket']],
  [dns, 'dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']],
]) {
  for (const k of keys) if (typeof mod[k] === 'function') mod[k] = refuse(`${name}.${k}`)
}
for (const k of Object.keys(dns.promises)) if (/^(lookup|resolve|reverse)/.test(k) && typeof dns.promises[k] === 'function') dns.promises[k] = refuse(`dns.promises.${k}`)
// Connecting an existing socket object (pipes for stdio are opened from file
// descriptors, not connected, so they keep working).
net.Socket.prototype.connect = refuse('net.Socket.connect')
globalThis.fetch = refuse('fetch')
if (globalThis.WebSocket) globalThis.WebSocket = refuse('WebSocket')
process.env.CLAIMLINT_NETWORK_REFUSED = '1'
