#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and
# UBSan, independent of CMake. Usage: tests/fuzz/build.sh [OUTDIR]
# OUTDIR defaults to $FUZZ_BUILD, else build-fuzz/ at the top of the tree.
# The library is every src/*.c except main.c and cli*.c, as in CMakeLists.txt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-${FUZZ_BUILD:-$top/build-fuzz}}
CC=${CC:-clang}
mkdir -p "$out/obj"

version=$(sed -n 's/^project(outlay VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror
  -fsanitize=address,undefined -fno-sanitize-recover=undefined
  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DOUTLAY_VERSION=\"$version\"
  -DOUTLAY_DATADIR=\"/nonexistent/outlay\" -DOUTLAY_SRCDIR=\"$top\"
  -I$top/include -I$top/src"
libs="-lsqlite3 -lxlsxwriter -linih -lcjson -lcsv"

# The library, instrumented for coverage, compiled once for all targets.
objs=
for src in "$top"/src/*.c; do
    name=$(basename "$src" .c)
    case $name in main|cli*) continue ;; esac
    obj="$out/obj/$name.o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find "$top/include" "$top/src" -name '*.h' -newer "$obj")" ]; then
        # shellcheck disable=SC2086
        $CC $flags -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
    fi
    objs="$objs $obj"
done

for src in "$here"/fuzz_*.c; do
    name=$(basename "$src" .c)
    # shellcheck disable=SC2086
    $CC $flags -fsanitize=fuzzer "$src" $objs $libs -o "$out/$name"
    echo "built $out/$name"
done
