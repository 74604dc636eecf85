'use strict';
// LAN Lens's fork of cap on Node-API: the same JavaScript API as cap 0.2.1 (a Cap that is an
// EventEmitter), one binary for every Node and Electron with Node-API 8. See README.md.
const { EventEmitter } = require('events');
const path = require('path');
const addon = require('../build/Release/cap.node');

Object.setPrototypeOf(addon.Cap.prototype, EventEmitter.prototype);
addon.Cap.deviceList = addon.deviceList;

module.exports = {
  Cap: addon.Cap,
  compileFilter: addon.compileFilter,
  deviceList: addon.deviceList,
  libpcap: addon.libpcap,
  dropToUser: addon.dropToUser,
  dropCapabilities: addon.dropCapabilities,
  // lanlens-capd as built beside cap.node (Linux): what the capture grant installs.
  capdPath: path.join(__dirname, '..', 'build', 'Release', 'lanlens-capd'),
};
