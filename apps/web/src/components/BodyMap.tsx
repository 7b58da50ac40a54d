import type { KeyboardEvent, ReactNode } from 'react';
import { label } from '../app/vocabulary.js';

/**
 * A body map (front and back): each region is a checkbox drawn as part of the figure, tapped or
 * clicked with a pointer, or reached with Tab and toggled with Space or Enter. The figures face the
 * reader, so the child's right side is on the left of the front view and on the right of the back.
 * Region codes are the server's (`bodyMapRegions` in GET /api/vocabulary); only the drawing is here.
 */
type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r?: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number };

const FRONT: [string, Shape][] = [
  ['head', { kind: 'ellipse', cx: 60, cy: 20, rx: 17, ry: 18 }],
  ['face', { kind: 'ellipse', cx: 60, cy: 25, rx: 10, ry: 11 }],
  ['neck', { kind: 'rect', x: 53, y: 38, w: 14, h: 10, r: 3 }],
  ['chest', { kind: 'rect', x: 38, y: 48, w: 44, h: 36, r: 8 }],
  ['abdomen', { kind: 'rect', x: 40, y: 84, w: 40, h: 30, r: 6 }],
  ['genital_area', { kind: 'rect', x: 48, y: 114, w: 24, h: 18, r: 5 }],
  ['right_arm', { kind: 'rect', x: 20, y: 50, w: 16, h: 62, r: 8 }],
  ['left_arm', { kind: 'rect', x: 84, y: 50, w: 16, h: 62, r: 8 }],
  ['right_hand', { kind: 'ellipse', cx: 28, cy: 122, rx: 9, ry: 9 }],
  ['left_hand', { kind: 'ellipse', cx: 92, cy: 122, rx: 9, ry: 9 }],
  ['right_leg', { kind: 'rect', x: 40, y: 134, w: 18, h: 92, r: 8 }],
  ['left_leg', { kind: 'rect', x: 62, y: 134, w: 18, h: 92, r: 8 }],
  ['right_foot', { kind: 'ellipse', cx: 47, cy: 237, rx: 11, ry: 7 }],
  ['left_foot', { kind: 'ellipse', cx: 73, cy: 237, rx: 11, ry: 7 }],
];

const BACK: [string, Shape][] = [
  ['back_of_head', { kind: 'ellipse', cx: 60, cy: 20, rx: 17, ry: 18 }],
  ['back_of_neck', { kind: 'rect', x: 53, y: 38, w: 14, h: 10, r: 3 }],
  ['back', { kind: 'rect', x: 38, y: 48, w: 44, h: 36, r: 8 }],
  ['lower_back', { kind: 'rect', x: 40, y: 84, w: 40, h: 28, r: 6 }],
  ['buttocks', { kind: 'rect', x: 40, y: 112, w: 40, h: 22, r: 8 }],
  ['back_of_left_arm', { kind: 'rect', x: 20, y: 50, w: 16, h: 62, r: 8 }],
  ['back_of_right_arm', { kind: 'rect', x: 84, y: 50, w: 16, h: 62, r: 8 }],
  ['back_of_left_leg', { kind: 'rect', x: 40, y: 134, w: 18, h: 100, r: 8 }],
  ['back_of_right_leg', { kind: 'rect', x: 62, y: 134, w: 18, h: 100, r: 8 }],
];

function draw(shape: Shape): ReactNode {
  return shape.kind === 'rect' ? (
    <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} rx={shape.r ?? 0} />
  ) : (
    <ellipse cx={shape.cx} cy={shape.cy} rx={shape.rx} ry={shape.ry} />
  );
}

function Figure({
  title,
  regions,
  chosen,
  onToggle,
  left,
  right,
  purpose,
}: {
  purpose: string;
  title: string;
  regions: [string, Shape][];
  chosen: string[];
  onToggle: (code: string) => void;
  left: string;
  right: string;
}) {
  const key = (code: string) => (e: KeyboardEvent) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      onToggle(code);
    }
  };
  return (
    <figure className="body-figure">
      <figcaption>{title}</figcaption>
      <svg viewBox="0 0 120 250" role="group" aria-label={`${title}: ${purpose}`}>
        {regions.map(([code, shape]) => {
          const on = chosen.includes(code);
          return (
            <g
              key={code}
              role="checkbox"
              aria-checked={on}
              aria-label={label('bodyMapRegions', code)}
              tabIndex={0}
              className={on ? 'region region-on' : 'region'}
              onClick={() => onToggle(code)}
              onKeyDown={key(code)}
              data-region={code}
            >
              <title>{label('bodyMapRegions', code)}</title>
              {draw(shape)}
            </g>
          );
        })}
        <text x="4" y="248" className="side" aria-hidden="true">
          {left}
        </text>
        <text x="116" y="248" className="side" textAnchor="end" aria-hidden="true">
          {right}
        </text>
      </svg>
    </figure>
  );
}

/** Used for a concern's marks and for a restraint's injuries (each says what the places are for). */
export function BodyMap({
  chosen,
  onToggle,
  legend = 'Where on the body? Tap each place, or Tab to it and press Space.',
  purpose = 'choose where you saw a mark',
}: {
  chosen: string[];
  onToggle: (code: string) => void;
  legend?: string;
  purpose?: string;
}) {
  return (
    <fieldset className="body-map">
      <legend>{legend}</legend>
      <div className="body-figures">
        <Figure title="Front (facing you)" regions={FRONT} chosen={chosen} onToggle={onToggle} left="R" right="L" purpose={purpose} />
        <Figure title="Back" regions={BACK} chosen={chosen} onToggle={onToggle} left="L" right="R" purpose={purpose} />
      </div>
      <p className="hint" aria-live="polite">
        {chosen.length === 0 ? 'Nothing marked yet.' : `Marked: ${chosen.map((c) => label('bodyMapRegions', c)).join(', ')}.`}
      </p>
    </fieldset>
  );
}
