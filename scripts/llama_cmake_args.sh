#!/usr/bin/env bash
# Print CMake flags for llama.cpp matching this CPU (or, with --flavor, a name for them).
# A native build also turns on AMX, which crashes under this sandbox's hypervisor, so the
# instruction sets are listed explicitly and AMX stays off.
set -euo pipefail
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { [[ " $flags " == *" $1 "* ]]; }
args="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
flavor="generic"
if has avx2 && has fma && has f16c; then
  args+=" -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
  flavor="avx2"
  if has avx_vnni; then args+=" -DGGML_AVX_VNNI=ON"; flavor+="-vnni"; fi
  if has avx512f && has avx512bw && has avx512vl && has avx512dq && has avx512cd; then
    args+=" -DGGML_AVX512=ON"; flavor="avx512"
    if has avx512vbmi; then args+=" -DGGML_AVX512_VBMI=ON"; flavor+="-vbmi"; fi
    if has avx512_vnni; then args+=" -DGGML_AVX512_VNNI=ON"; flavor+="-vnni"; fi
    if has avx512_bf16; then args+=" -DGGML_AVX512_BF16=ON"; flavor+="-bf16"; fi
  fi
else
  args+=" -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_AVX512=OFF"
fi
if [[ "${1:-}" == "--flavor" ]]; then echo "$flavor"; else echo "$args"; fi
