; KISSlicer - FREE
; Windows
; version 1.6.3 Release Win64
; Built: Jul  7 2018, 09:44:37
; Running on 24 cores
;
; Saved: 2021-09-03 12:49:15
; 'kisslicer.1.6.3.gcode'
;
; Anti-shrink gain x=1.000000, y=1.000000, z=1.000000
;
; *** Printer Settings ***
;
; printer_name = Test
; profile_date = 2021-09-03 12:48:51
; bed_STL_filename = 
; extension = gcode
; cost_per_hour = 0
; g_code_prefix = 3B205B6D6D5D206D6F64650A4732310A3B204162736F
; ^   6C75746520706F736974696F6E206D6F64650A4739300A3B2052656C
G21
G90
M83
M140 S43
;	: Extruder #1 : Extruder #2 : Extruder #3 : Extruder #4 : Path Type                  :
;	:.............:.............:.............:.............:............................:
;	: 27.5122     : 0           : 0           : 0           : Jump Path                  :
;	: 0           : 0           : 0           : 0           : Pillar Path                :
;	: 0           : 0           : 0           : 0           : Raft Path                  :
;	: 0           > 0           > 0           > 0           > Support Interface Path     :
;	: 0           : 0           : 0           : 0           : Support (may Stack) Path   :
;	: 158.766     : 0           : 0           : 0           : Perimeter Path             :
;	: 114.827     : 0           : 0           : 0           : Loop Path                  :
;	: 74.1017     > 0           > 0           > 0           > Solid Path                 :
;	: 20.9925     : 0           : 0           : 0           : Sparse Infill Path         :
;	: 8.16871     : 0           : 0           : 0           : Stacked Sparse Infill Path :
;	: 7.46667     : 0           : 0           : 0           : Destring/Wipe/Jump Path    :
;	: 0           > 0           > 0           > 0           > Crown Path                 :
;	: 6.25567     : 0           : 0           : 0           : Prime Pillar Path          :
;	: 0           : 0           : 0           : 0           : Travel Path                :
;	: 0           : 0           : 0           : 0           : Pause Point                :
;	: 57.0375     > 0           > 0           > 0           > Extruder Warm-Up           :
;	:.............:.............:.............:.............:............................:
; Total estimated (pre-cool) minutes: 7.92
