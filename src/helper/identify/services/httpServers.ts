import type { GreetingRule } from './greetingRules';

/**
 * HTTP `Server:` header values and the products they name, as nmap prints them. First match wins,
 * so specific patterns come before general ones. Extend by adding a line.
 */
export const serverHeaderRules: GreetingRule[] = [
  { pattern: /^nginx\/([\d.]+) \((Ubuntu)\)/, product: 'nginx', version: '$1', extraInfo: '$2', osHint: 'Linux' },
  { pattern: /^nginx(?:\/([\d.]+))?/, product: 'nginx', version: '$1' },
  { pattern: /^openresty(?:\/([\w.]+))?/, product: 'OpenResty web app server', version: '$1' },
  {
    pattern: /^Apache\/([\d.]+) \(((?:Debian|Ubuntu|CentOS|Red Hat|Fedora|Raspbian)[^)]*)\)/,
    product: 'Apache httpd',
    version: '$1',
    extraInfo: '$2',
    osHint: 'Linux',
  },
  {
    pattern: /^Apache\/([\d.]+) \((Win\w+)\)/,
    product: 'Apache httpd',
    version: '$1',
    extraInfo: '$2',
    osHint: 'Windows',
  },
  { pattern: /^Apache\/([\d.]+) \(([^)]+)\)/, product: 'Apache httpd', version: '$1', extraInfo: '$2' },
  { pattern: /^Apache\/([\d.]+)/, product: 'Apache httpd', version: '$1' },
  { pattern: /^Apache-Coyote\/([\d.]+)/, product: 'Apache Tomcat/Coyote JSP engine', version: '$1' },
  { pattern: /^Apache$/, product: 'Apache httpd' },
  { pattern: /^lighttpd(?:\/([\w.-]+))?/, product: 'lighttpd', version: '$1' },
  { pattern: /^Microsoft-IIS\/([\w.-]+)/, product: 'Microsoft IIS httpd', version: '$1', osHint: 'Windows' },
  {
    pattern: /^Microsoft-HTTPAPI\/([\d.]+)/,
    product: 'Microsoft HTTPAPI httpd',
    version: '$1',
    extraInfo: 'SSDP/UPnP',
    osHint: 'Windows',
  },
  {
    pattern: /^SimpleHTTP\/([\w.]+) Python\/([\w.+]+)/,
    product: 'SimpleHTTPServer',
    version: '$1',
    extraInfo: 'Python $2',
  },
  {
    pattern: /^BaseHTTP\/([\w.]+) Python\/([\w.+]+)/,
    product: 'BaseHTTPServer',
    version: '$1',
    extraInfo: 'Python $2',
  },
  {
    pattern: /^Werkzeug\/([\w.]+) Python\/([\w.+]+)/,
    product: 'Werkzeug httpd',
    version: '$1',
    extraInfo: 'Python $2',
  },
  { pattern: /^gunicorn(?:\/([\w.]+))?/, product: 'Gunicorn', version: '$1' },
  { pattern: /^uvicorn/, product: 'Uvicorn' },
  { pattern: /^TornadoServer\/([\w.]+)/, product: 'Tornado httpd', version: '$1' },
  { pattern: /^Python\/([\w.]+) aiohttp\/([\w.]+)/, product: 'aiohttp', version: '$2', extraInfo: 'Python $1' },
  { pattern: /^Caddy/, product: 'Caddy httpd' },
  { pattern: /^Kestrel/, product: 'Microsoft Kestrel httpd' },
  { pattern: /^Jetty\(([\w.-]+)\)/, product: 'Jetty', version: '$1' },
  { pattern: /^CUPS\/([\d.]+)/, product: 'CUPS', version: '$1' },
  { pattern: /^mini_httpd\/([\w.]+)/, product: 'mini_httpd', version: '$1' },
  { pattern: /^Boa\/([\w.-]+)/, product: 'Boa HTTPd', version: '$1' },
  { pattern: /^GoAhead-(?:Webs|http)/, product: 'GoAhead WebServer' },
  { pattern: /^lwIP\/([\w.-]+)/, product: 'lwIP httpd', version: '$1' },
  { pattern: /^(?:Mikrotik HttpProxy|RouterOS)/, product: 'MikroTik router config httpd', osHint: 'RouterOS' },
  { pattern: /^(?:Cherokee|cherokee)\/([\w.]+)/, product: 'Cherokee httpd', version: '$1' },
  { pattern: /^TwistedWeb\/([\w.]+)/, product: 'Twisted Web httpd', version: '$1' },
  { pattern: /^Embedthis-(?:http|Appweb)\/([\w.]+)/, product: 'Embedthis HTTP lib httpd', version: '$1' },
  { pattern: /^thttpd\/([\w.]+)/, product: 'thttpd', version: '$1' },
  { pattern: /^Synology/, product: 'Synology DiskStation httpd' },
  { pattern: /^([A-Za-z][\w .-]{0,40}?)\/(\d[\w.-]*)/, product: '$1', version: '$2' },
  { pattern: /^(.{1,60})/, product: '$1' },
];

/**
 * Whole HTTP answers that name their server without a Server header (matched against the status
 * line, headers and the start of the body).
 */
export const httpAnswerRules: GreetingRule[] = [
  {
    pattern:
      /^HTTP\/1\.0 200 ok\r\nContent-type: text\/html\r\n\r\n<HTML><BODY BGCOLOR="#ffffff">\n<pre>\n\n(s_server [^\n]*?) ?\n/,
    product: 'OpenSSL s_server -www httpd',
    extraInfo: 'command line: $1',
  },
  {
    pattern: /^HTTP\/1\.0 200 ok\r\nContent-type: text\/plain\r\n\r\nError (?:accessing|opening) ''/,
    product: 'OpenSSL s_server -WWW httpd',
  },
  { pattern: /^HTTP\/1\.1 200 OK\r\nDate: [^\r\n]*\r\nConnection: close\r\n\r\n$/, product: 'Node.js' },
  {
    pattern: /^HTTP\/1\.1 \d\d\d [^\r\n]*\r\n(?:[^\r\n]+\r\n)*?X-Powered-By: Express\r\n/i,
    product: 'Node.js',
    extraInfo: 'Express middleware',
  },
];
