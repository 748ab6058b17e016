import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#1d5bd8", "#12b76a", "#f79009", "#9e77ed", "#f04438"];

/** Bars per row of `data`, one series per key; sized by its container (phone or laptop). */
export function Bars<Row extends object>({ data, x, bars, horizontal = false, label }: { data: Row[]; x: keyof Row & string; bars: { key: keyof Row & string; name: string }[]; horizontal?: boolean; label: string }) {
  const rows = data as Record<string, unknown>[];
  const xKey: string = x;
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 5, right: 10, bottom: 5, left: horizontal ? 40 : 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          {horizontal ? <XAxis type="number" allowDecimals={false} /> : <XAxis dataKey={xKey} tick={{ fontSize: 11 }} />}
          {horizontal ? <YAxis type="category" dataKey={xKey} tick={{ fontSize: 11 }} width={110} /> : <YAxis tick={{ fontSize: 11 }} width={40} />}
          <Tooltip />
          {bars.length > 1 ? <Legend /> : null}
          {bars.map((bar, i) => (
            <Bar key={bar.key} dataKey={bar.key as string} name={bar.name} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
