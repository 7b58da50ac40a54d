import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Count {
  name: string;
  count: number;
}

export function countBy<T>(items: T[], key: (item: T) => string[]): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const k of key(item)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].map(([name, count]) => ({ name, count }));
}

/** Bars grow in only for people who have not asked for less motion. */
const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * A bar chart with its numbers said in words (the figure's label) and as a table beside it, so
 * nobody needs to read the picture. `sideways` draws horizontal bars for long group names.
 */
export function Chart({
  title,
  data,
  colour,
  sideways = false,
  tableOpen = false,
}: {
  title: string;
  data: Count[];
  colour: string;
  sideways?: boolean;
  /** Show the table beside the chart from the start (a report read for its numbers). */
  tableOpen?: boolean;
}) {
  const summary = data.map((d) => `${d.name}: ${d.count}`).join('; ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.length === 0 ? (
        <p>None in this period.</p>
      ) : (
        <>
          <div role="img" aria-label={`${title}. ${summary}`}>
            <ResponsiveContainer width="100%" height={sideways ? Math.max(160, 36 * data.length + 48) : 240}>
              <BarChart data={data} layout={sideways ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                {sideways ? (
                  <>
                    <XAxis type="number" allowDecimals={false} />
                    <YAxis type="category" dataKey="name" tick={{ fontSize: 12 }} interval={0} width={150} />
                  </>
                ) : (
                  <>
                    <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
                    <YAxis allowDecimals={false} width={32} />
                  </>
                )}
                <Tooltip />
                <Bar dataKey="count" name="Count" fill={colour} isAnimationActive={!reducedMotion()} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <details open={tableOpen}>
            <summary>{title} as a table</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.name}>
                    <th scope="row">{d.name}</th>
                    <td>{d.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
