#!/usr/bin/env python3
# gl-commands.py — prints every command of desktop OpenGL in the registry (core features
# and extensions for gl/glcore), one a line: what glXGetProcAddress must know (glxapi.c).
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
names = set()
for f in root.iter('feature'):
    if f.get('api') == 'gl':
        for c in f.iter('command'):
            names.add(c.get('name'))
for e in root.iter('extension'):
    if set(e.get('supported', '').split('|')) & {'gl', 'glcore'}:
        for req in e.iter('require'):
            if req.get('api') in (None, 'gl', 'glcore'):
                for c in req.iter('command'):
                    names.add(c.get('name'))
print('\n'.join(sorted(names)))
