#!/bin/sh
# Independent timing check of a netlist that `synth --liberty LIB --netlist N.v` wrote: OpenSTA
# alone, with constraints of its own (the clock on clk or aclk at PERIOD ns, every other input
# and every output at delay 0 on that clock; no driving cell or output load), prints the worst
# path and the worst slack. Reads the store's timing model written beside the netlist.
#
#   sh bench/sta-check.sh LIB(.lib or .lib.gz) N.v TOP PERIOD
set -eu
lib=$1; netlist=$2; top=$3; period=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
case $lib in *.gz) gzip -dc "$lib" > "$dir/cells.lib" ;; *) cp "$lib" "$dir/cells.lib" ;; esac
clock=clk
grep -q "input *aclk" "$netlist" && ! grep -q "input *clk\b" "$netlist" && clock=aclk
cat > "$dir/check.tcl" <<TCL
read_liberty $dir/cells.lib
read_liberty ${netlist%.v}.store.lib
read_verilog $netlist
link_design $top
create_clock -name clk -period $period [get_ports $clock]
set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports $clock]]
set_output_delay 0 -clock clk [all_outputs]
report_checks -path_delay max -digits 4
report_wns -digits 4
exit
TCL
sta -no_splash -no_init -exit "$dir/check.tcl"
