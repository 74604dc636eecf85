/*
 * Finds libpcap at run time and fills the table of its functions, so that the binary has no
 * link-time dependency on one soname: Debian and Ubuntu ship libpcap.so.0.8, Fedora and Arch
 * libpcap.so.1 (the same library), macOS libpcap.A.dylib, and Windows has Npcap's wpcap.dll in its
 * own folder (never bundled: its licence forbids it). Names, not paths, on Linux: the dynamic
 * loader's search is the system's, and for a program with file capabilities (secure execution) it
 * ignores LD_LIBRARY_PATH.
 */
#include <stdio.h>
#include <string.h>

#include "capCore.h"

#ifdef _WIN32
#include <windows.h>
typedef HMODULE library_t;
#else
#include <dlfcn.h>
typedef void *library_t;
#endif

#if defined(__linux__) && defined(__GLIBC__)
/* glibc 2.34 moved the dl functions from libdl into libc under a new symbol version: bound to
 * their first versions (still in glibc 2.34+, and in libdl before it, which binding.gyp links),
 * the binary loads on older distributions still in support, down to the floor that
 * scripts/packageTargets.mjs checks. */
#if defined(__x86_64__)
#define CAP_DL_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define CAP_DL_VERSION "GLIBC_2.17"
#endif
#ifdef CAP_DL_VERSION
__asm__(".symver dlopen,dlopen@" CAP_DL_VERSION);
__asm__(".symver dlsym,dlsym@" CAP_DL_VERSION);
__asm__(".symver dlerror,dlerror@" CAP_DL_VERSION);
__asm__(".symver dlclose,dlclose@" CAP_DL_VERSION);
#endif
#endif

static cap_pcap_api api;
static int load_state; /* 0: not tried, 1: loaded, -1: failed */
static cap_error load_error;
static const char *loaded_file;

#if defined(_WIN32)
static const char *const candidates[] = {"Npcap\\wpcap.dll"};
#define INSTALL_HINT "Install Npcap (npcap.com); LAN Lens uses it from its install folder and never bundles it."
#elif defined(__APPLE__)
static const char *const candidates[] = {"/usr/lib/libpcap.A.dylib", "libpcap.A.dylib", "libpcap.dylib"};
#define INSTALL_HINT "macOS ships libpcap in /usr/lib; a system without it needs its command line tools reinstalled."
#else
static const char *const candidates[] = {"libpcap.so.1", "libpcap.so.0.8", "libpcap.so"};
#define INSTALL_HINT                                                                                 \
  "Install it: `sudo apt-get install libpcap0.8` (Debian, Ubuntu), `sudo dnf install libpcap` (Fedora), " \
  "`sudo pacman -S libpcap` (Arch)."
#endif
#define CANDIDATE_COUNT (sizeof candidates / sizeof candidates[0])

#ifdef _WIN32
/* Only from %SystemRoot%\System32\Npcap, so that no wpcap.dll on PATH or in the current folder is
 * picked up; the altered search path lets wpcap.dll find its Packet.dll beside it. */
static library_t open_library(const char *name, char *why, size_t size) {
  char path[MAX_PATH];
  UINT length = GetSystemDirectoryA(path, MAX_PATH);
  if (length == 0 || length + 1 + strlen(name) >= MAX_PATH) {
    snprintf(why, size, "no system folder (error %lu)", (unsigned long)GetLastError());
    return NULL;
  }
  snprintf(path + length, MAX_PATH - length, "\\%s", name);
  library_t library = LoadLibraryExA(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (!library) snprintf(why, size, "%s: error %lu", path, (unsigned long)GetLastError());
  return library;
}

static void *find_symbol(library_t library, const char *name) {
  return (void *)GetProcAddress(library, name);
}

static void close_library(library_t library) {
  FreeLibrary(library);
}
#else
static library_t open_library(const char *name, char *why, size_t size) {
  library_t library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *reason = dlerror();
    snprintf(why, size, "%s", reason ? reason : name);
  }
  return library;
}

static void *find_symbol(library_t library, const char *name) {
  return dlsym(library, name);
}

static void close_library(library_t library) {
  dlclose(library);
}
#endif

/* Fills `api` from `library`; returns the first required function it lacks, or NULL. */
static const char *fill_table(library_t library) {
  void *symbol;
#define CAP_LOAD_REQUIRED(type, name, params)            \
  symbol = find_symbol(library, "pcap_" #name);          \
  if (!symbol) return "pcap_" #name;                     \
  memcpy(&api.name, &symbol, sizeof symbol);
#define CAP_LOAD_OPTIONAL(type, name, params)            \
  symbol = find_symbol(library, "pcap_" #name);          \
  memcpy(&api.name, &symbol, sizeof symbol);
  CAP_PCAP_REQUIRED(CAP_LOAD_REQUIRED)
  CAP_PCAP_OPTIONAL(CAP_LOAD_OPTIONAL)
#undef CAP_LOAD_REQUIRED
#undef CAP_LOAD_OPTIONAL
  return NULL;
}

static int fail(const char *tried, const char *why) {
  load_error.code = CAP_ENOLIBPCAP;
  snprintf(load_error.message, sizeof load_error.message,
           "libpcap is not installed, so packets cannot be captured (tried %s: %s). " INSTALL_HINT, tried, why);
  load_state = -1;
  return -1;
}

int cap_library_load(cap_error *error) {
  if (load_state == 0) {
    char why[256] = "";
    char tried[128] = "";
    size_t i;
    for (i = 0; i < CANDIDATE_COUNT; i++) {
      library_t library;
      const char *missing;
      snprintf(tried + strlen(tried), sizeof tried - strlen(tried), "%s%s", i ? ", " : "", candidates[i]);
      library = open_library(candidates[i], why, sizeof why);
      if (!library) continue;
      missing = fill_table(library);
      if (missing) {
        snprintf(why, sizeof why, "%s lacks %s (libpcap older than 1.0)", candidates[i], missing);
        memset(&api, 0, sizeof api);
        close_library(library);
        continue;
      }
      loaded_file = candidates[i];
      load_state = 1;
      break;
    }
    if (load_state == 0) fail(tried, why);
  }
  if (load_state < 0) {
    if (error) *error = load_error;
    return -1;
  }
  return 0;
}

const cap_pcap_api *cap_pcap(void) {
  return load_state > 0 ? &api : NULL;
}

const char *cap_library_file(void) {
  return loaded_file;
}
