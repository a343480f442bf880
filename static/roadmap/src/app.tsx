import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoadmapData } from '../../../src/contract/roadmap';
import { AccountBar } from './account-bar';
import type { CallState } from '../../shared/call-state';
import { Loading } from '../../shared/loading';
import { CallError } from './call-error';
import { CapacitySection } from './capacity-section';
import { CoverageSection } from './coverage-section';
import { IceboxSection } from './icebox-section';
import { ObjectivesSection } from './objectives-section';
import { RerankSection } from './rerank-section';
import { SessionEnded } from './session-ended';
import { teamOfPath, teamPath } from './team-path';
import { TeamPicker } from './team-picker';
import { transport, type Account, type SessionEnd } from './transport';

type Teams = NonNullable<RoadmapData['teams']>;

/** The OKR roadmap: objectives and key results, coverage, Icebox, capacity and re-rank. */
export function App() {
  const [projectKey, setProjectKey] = useState<string | undefined | null>(null);
  const [account, setAccount] = useState<Account | undefined>(undefined);
  const [teams, setTeams] = useState<Teams>([]);
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const [roadmap, setRoadmap] = useState<CallState<RoadmapData>>({ status: 'loading' });
  // Only the latest load may show: picking teams quickly must not end on an earlier team.
  const latest = useRef(0);

  const load = useCallback(async (key: string | undefined, quietly = false) => {
    const mine = ++latest.current;
    if (!quietly) {
      setRoadmap({ status: 'loading' });
    }
    const answer = await transport.call(
      'roadmap/get',
      key === undefined ? {} : { projectKey: key },
    );
    if (mine !== latest.current) {
      return;
    }
    if (answer.ok && answer.data.teams !== undefined) {
      setTeams(answer.data.teams);
    }
    setRoadmap(
      answer.ok ? { status: 'ready', data: answer.data } : { status: 'error', error: answer.error },
    );
  }, []);

  const start = useCallback(async () => {
    setRoadmap({ status: 'loading' });
    const started = await transport.start();
    if (!started.ok) {
      setRoadmap({ status: 'error', error: started.error });
      return;
    }
    setAccount(started.data.account);
    setProjectKey(started.data.projectKey);
    await load(started.data.projectKey);
  }, [load]);

  useEffect(() => transport.onSessionEnd(setEnded), []);
  useEffect(() => {
    void start();
  }, [start]);

  // Back and forward between teams picked on this page (keyrank serve's /teams/<key>).
  useEffect(() => {
    if (transport.kind !== 'fetch') {
      return undefined;
    }
    const onPop = (): void => {
      const team = teamOfPath(window.location.pathname);
      if (team !== undefined) {
        setProjectKey(team);
        void load(team);
      }
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [load]);

  const pickTeam = (team: string): void => {
    setProjectKey(team);
    window.history.pushState({ team }, '', teamPath(team));
    void load(team);
  };

  const reload = useCallback(() => load(projectKey ?? undefined, true), [load, projectKey]);
  const { wording } = transport;
  const scopeText =
    roadmap.status === 'ready' && roadmap.data.scope.kind === 'project'
      ? `${wording.project} ${roadmap.data.scope.projectKey}`
      : 'every project you can see';
  const shownTeam =
    roadmap.status === 'ready' && roadmap.data.scope.kind === 'project'
      ? roadmap.data.scope.projectKey
      : (projectKey ?? undefined);

  return (
    <main className="kr-page" aria-busy={roadmap.status === 'loading'}>
      <header className="kr-header">
        <div className="kr-header__top">
          <h1>OKR roadmap</h1>
          {account !== undefined && <AccountBar account={account} />}
        </div>
        {teams.length > 1 && ended === null && (
          <TeamPicker teams={teams} team={shownTeam} onPick={pickTeam} />
        )}
        {roadmap.status === 'ready' && (
          <p className="kr-subtle">
            {scopeText} · as of {roadmap.data.asOf}
          </p>
        )}
      </header>
      {ended !== null && <SessionEnded why={ended} />}
      {ended === null && roadmap.status === 'loading' && <Loading>Loading the roadmap…</Loading>}
      {ended === null && roadmap.status === 'error' && (
        <CallError
          error={roadmap.error}
          onRetry={() => void (projectKey === null ? start() : load(projectKey ?? undefined))}
        />
      )}
      {ended === null && roadmap.status === 'ready' && (
        // Keyed by what it shows: another team starts with fresh selections and previews.
        <div className="kr-layout" key={scopeText}>
          <div className="kr-main">
            <ObjectivesSection
              objectives={roadmap.data.objectives}
              asOf={roadmap.data.asOf}
              canCheckIn={roadmap.data.canCheckIn}
            />
          </div>
          <div className="kr-side">
            <CoverageSection flags={roadmap.data.coverage} />
            <IceboxSection
              entries={roadmap.data.icebox}
              krOptions={roadmap.data.krOptions}
              onLinked={reload}
            />
          </div>
          <div className="kr-wide">
            <CapacitySection sprints={roadmap.data.sprints} />
            {roadmap.data.scope.kind === 'project' ? (
              <RerankSection projectKey={roadmap.data.scope.projectKey} onApplied={reload} />
            ) : (
              <section className="kr-section" aria-labelledby="rerank-title">
                <h2 id="rerank-title">Re-rank backlog</h2>
                <p className="kr-subtle">Open the roadmap from a project to re-rank its backlog.</p>
              </section>
            )}
          </div>
        </div>
      )}
    </main>
  );
}
