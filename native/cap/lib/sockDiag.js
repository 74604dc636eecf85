'use strict';
// The kernel's socket diagnostics (Linux NETLINK_SOCK_DIAG with tcp_info), from the same binary as
// cap (src/core/sockDiag.c, src/addon/sockDiagModule.cc). Needs no privilege. See README.md.
const addon = require('../build/Release/cap.node');

module.exports = {
  sockets: addon.sockets,
  SocketEvents: addon.SocketEvents,
  // Bits of sockets()'s first argument.
  TCP: 1,
  UDP: 2,
};
