/*
 * glibc 2.34 gave __libc_start_main, which every program's start code calls, a new symbol version:
 * built on a newer glibc, lanlens-capd would not start on an older one. Its start code's call is
 * redirected here (-Wl,--wrap=__libc_start_main in binding.gyp) and bound to the first version,
 * which every glibc since has kept, so capd needs no newer glibc than cap.node (the floor
 * scripts/packageTargets.mjs checks). With no init function given, glibc 2.34+ runs the program's
 * constructors itself and older ones run none: capd has none.
 */
#include <limits.h> /* defines __GLIBC__ */

#if defined(__linux__) && defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
#if defined(__x86_64__)
__asm__(".symver capd_libc_start_main,__libc_start_main@GLIBC_2.2.5");
#else
__asm__(".symver capd_libc_start_main,__libc_start_main@GLIBC_2.17");
#endif

typedef int (*capd_main)(int, char **, char **);

int capd_libc_start_main(capd_main main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                         void (*rtld_fini)(void), void *stack_end);

int __wrap___libc_start_main(capd_main main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                             void (*rtld_fini)(void), void *stack_end) {
  return capd_libc_start_main(main, argc, argv, init, fini, rtld_fini, stack_end);
}
#endif
