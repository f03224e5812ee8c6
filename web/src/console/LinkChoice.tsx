import { useQuery } from 'urql';
import { LinkChoicesQuery } from './operations';

/** A filter's "Link" select: the links the signed-in person sees (the first hundred). */
export function LinkChoice({ value, onChange }: { value: string; onChange: (linkId: string) => void }) {
  const [{ data }] = useQuery({ query: LinkChoicesQuery });
  const links = data?.links.edges.map((edge) => edge.node) ?? [];
  return (
    <label>
      Link
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All links</option>
        {links.map((link) => (
          <option key={link.id} value={link.id}>
            {link.name}
          </option>
        ))}
      </select>
    </label>
  );
}
