/**
 * The Linear workspace's teams (`RoadmapData.teams`, when there are several): a native, labelled
 * select, so keyboards and screen readers get what they expect from one.
 */
export function TeamPicker({
  teams,
  team,
  onPick,
}: {
  teams: { key: string; name: string }[];
  team: string | undefined;
  onPick: (team: string) => void;
}) {
  return (
    <div className="kr-team-picker">
      <label htmlFor="kr-team">Team</label>
      <select id="kr-team" value={team ?? ''} onChange={(event) => onPick(event.target.value)}>
        {team === undefined && <option value="">Choose a team…</option>}
        {teams.map((t) => (
          <option key={t.key} value={t.key}>
            {t.name} ({t.key})
          </option>
        ))}
      </select>
    </div>
  );
}
