#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# How the files of this folder were made: Debian's GROMACS 2022.5
# (`apt-get install gromacs`), one thread, in an empty directory.
# 506 SPC/E waters and two NaCl pairs (OPLS-AA), energy-minimised, then
# 10 ps at 300 K and 1 bar (md.mdp): nacl.tpr/.xtc/.edr/.log. The same
# run input stopped after 1000 of its 5000 steps (`mdrun -nsteps 1000`)
# gives cut.xtc/.edr/.log: a simulation that did not finish.
# Velocities are generated with a fixed seed, but mdrun is not bitwise
# reproducible across machines: rerunning gives other numbers, so the
# tests read the committed files and the values printed in nacl.log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cat > topol.top <<'TOP'
; Water with two NaCl pairs, OPLS-AA / SPC/E, for the md-summary tests.
#include "oplsaa.ff/forcefield.itp"
#include "oplsaa.ff/spce.itp"
#include "oplsaa.ff/ions.itp"

[ system ]
NaCl in water

[ molecules ]
TOP
gmx -quiet solvate -cs spc216.gro -box 2.5 2.5 2.5 -o water.gro -p topol.top
printf 'integrator = steep\nnsteps = 0\n' > ions.mdp
gmx -quiet grompp -f ions.mdp -c water.gro -p topol.top -o ions.tpr -maxwarn 1
echo SOL | gmx -quiet genion -s ions.tpr -o start.gro -p topol.top \
    -pname NA -nname CL -np 2 -nn 2
cat > em.mdp <<'MDP'
integrator  = steep
nsteps      = 500
emtol       = 500
cutoff-scheme = Verlet
coulombtype = PME
rcoulomb    = 1.0
rvdw        = 1.0
MDP
gmx -quiet grompp -f em.mdp -c start.gro -p topol.top -o em.tpr
gmx -quiet mdrun -deffnm em -nt 1
gmx -quiet grompp -f "$here/md.mdp" -c em.gro -p topol.top -o nacl.tpr
gmx -quiet mdrun -s nacl.tpr -deffnm nacl -nt 1
gmx -quiet mdrun -s nacl.tpr -deffnm cut -nt 1 -nsteps 1000
gmx -quiet dump -s nacl.tpr 2>/dev/null | sed -n '1,/^header:/p' > nacl.tpr.gmx-dump.txt
