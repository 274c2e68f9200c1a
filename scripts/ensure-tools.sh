#!/usr/bin/env bash
# Installs the tools the project drives through child_process when they are missing: Icarus
# Verilog (iverilog, vvp), Verilator and OpenSTA (sta, for `synth --liberty`), from Debian's
# packages, and ccache, which caches the C++ compiles of Verilator builds (optional: without it
# every build compiles everything). Yosys for synthesis comes from npm; `prove` needs Debian's
# yosys package (it carries yosys-smtbmc, which the npm Yosys lacks) and the SMT solver z3.
set -euo pipefail
missing=()
command -v iverilog >/dev/null 2>&1 && command -v vvp >/dev/null 2>&1 || missing+=(iverilog)
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v ccache >/dev/null 2>&1 || missing+=(ccache)
command -v sta >/dev/null 2>&1 || missing+=(opensta)
command -v yosys-smtbmc >/dev/null 2>&1 || missing+=(yosys)
command -v z3 >/dev/null 2>&1 || missing+=(z3)
if ((${#missing[@]})); then
  echo "installing ${missing[*]} with apt-get" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
