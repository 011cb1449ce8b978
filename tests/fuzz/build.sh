#!/bin/bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and
# UBSan, independent of CMake. Usage: tests/fuzz/build.sh [OUTDIR]
# OUTDIR defaults to $FUZZ_BUILD, else build-fuzz/ at the top of the tree.
# The library is every src/*.c except main.c and cli*.c, as in CMakeLists.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-${FUZZ_BUILD:-$top/build-fuzz}}
CC=${CC:-clang}
mkdir -p "$out/obj"

version=$(sed -n 's/^project(outlay VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
flags=(-std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror
    "-fsanitize=address,undefined" -fno-sanitize-recover=undefined
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE "-DOUTLAY_VERSION=\"$version\""
    "-DOUTLAY_DATADIR=\"/nonexistent/outlay\"" "-DOUTLAY_SRCDIR=\"$top\""
    "-I$top/include" "-I$top/src")
libs=(-lsqlite3 -lxlsxwriter -linih -lcjson -lcsv -lunistring -lgmp)
# cairo + pango: the PDF of `outlay print` (src/print*.c)
read -ra pdf_cflags <<<"$(pkg-config --cflags pangocairo cairo-pdf)"
read -ra pdf_libs <<<"$(pkg-config --libs pangocairo cairo-pdf)"
flags+=("${pdf_cflags[@]}")
libs+=("${pdf_libs[@]}")
# libzip + libxml2: xlsx input (src/xlsxin.c)
read -ra xin_cflags <<<"$(pkg-config --cflags libzip libxml-2.0)"
read -ra xin_libs <<<"$(pkg-config --libs libzip libxml-2.0)"
flags+=("${xin_cflags[@]}")
libs+=("${xin_libs[@]}")
# libpq: a ledger on PostgreSQL (src/store_pg.c, SPEC §17)
read -ra pq_cflags <<<"$(pkg-config --cflags libpq)"
read -ra pq_libs <<<"$(pkg-config --libs libpq)"
flags+=("${pq_cflags[@]}")
libs+=("${pq_libs[@]}")

# The library, instrumented for coverage, compiled once for all targets; an
# object is rebuilt when its source or any header is newer.
newest_header=$(find "$top/include" "$top/src" -name '*.h' -printf '%T@\n' | sort -n | tail -1)
objs=()
for src in "$top"/src/*.c; do
    name=$(basename "$src" .c)
    case $name in main | cli*) continue ;; esac
    obj="$out/obj/$name.o"
    if [[ ! -f $obj || $src -nt $obj ]] ||
        awk -v h="$newest_header" -v o="$(stat -c %Y "$obj")" 'BEGIN { exit !(h > o) }'; then
        "$CC" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
    fi
    objs+=("$obj")
done
# Objects of sources that no longer exist must not be linked.
for obj in "$out"/obj/*.o; do
    [[ -f $top/src/$(basename "$obj" .o).c ]] || rm -f "$obj"
done

for src in "$here"/fuzz_*.c; do
    name=$(basename "$src" .c)
    "$CC" "${flags[@]}" -fsanitize=fuzzer "$src" "${objs[@]}" "${libs[@]}" -o "$out/$name"
    echo "built $out/$name"
done
