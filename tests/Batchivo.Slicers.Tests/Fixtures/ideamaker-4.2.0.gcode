;Sliced by ideaMaker 4.2.0.5250, 2021-09-03 09:54:14 UTC-0700
;Filament Diameter #1: 1.750
;Filament Diameter #2: 1.750
;Filament Compensation #1: 94.00
;Filament Compensation #2: 100.00
;Filament Density #1: 1240.00
;Filament Density #2: 1240.00
M221 T0 S94.00
M140 S60.00
M104 T0 S215.00
M109 T0 S215.00
;Print Time: 744
;Material#1 Used: 422.7
;Material#2 Used: 0.0
;Material#1 Cost: 0.04
;Material#2 Cost: 0.00
