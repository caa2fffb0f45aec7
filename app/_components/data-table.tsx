import type { ReactNode } from 'react';

/**
 * A table of rows, in a region that scrolls sideways on a narrow screen (focusable, so a
 * keyboard can scroll it). With `actions`, a last column whose header is read as "Actions".
 */
export function DataTable({
  label,
  columns,
  actions = true,
  children,
}: {
  label: string;
  columns: string[];
  actions?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
