'use client';

/** A choice of the organisation's members, or nobody (`none` names that choice). */
export function PeopleSelect({
  id,
  name,
  none,
  people,
  ...value
}: {
  id: string;
  name?: string;
  none: string;
  people: { id: string; name: string }[];
} & ({ defaultValue: string } | { value: string; onChange: (id: string) => void })) {
  return (
    <select
      id={id}
      name={name}
      {...('onChange' in value
        ? { value: value.value, onChange: (e) => value.onChange(e.target.value) }
        : { defaultValue: value.defaultValue })}
    >
      <option value="">{none}</option>
      {people.map((person) => (
        <option key={person.id} value={person.id}>
          {person.name}
        </option>
      ))}
    </select>
  );
}
