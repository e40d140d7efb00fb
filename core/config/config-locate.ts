import type { Locate, PathSegment } from '../scope/source-position.js';
import { escapePointer } from './json-pointer.js';
import type { YamlSourceMap } from './yaml-source-map.js';

/**
 * The config's source map in the form the scope validators take (`Locate`: a path of keys and
 * indexes -> position, nearest existing ancestor when the path is missing), so a section such as
 * `inhouse` validated by the gaps area's schema is still reported at lines of .covmap.yml.
 */
export function configLocate(map: YamlSourceMap): Locate {
  return (path: readonly PathSegment[], part = 'value') => {
    const pointer = path.map((p) => `/${escapePointer(String(p))}`).join('');
    return (part === 'key' ? map.keyPosition(pointer) : map.valuePosition(pointer)) ?? map.nearest(pointer, part);
  };
}
