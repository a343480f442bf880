import { useCallback, useEffect, useState } from 'react';
import type { RoadmapData } from '../../../src/contract/roadmap';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { CallError, Loading, type CallState } from './call-state';
import { CapacitySection } from './capacity-section';
import { CoverageSection } from './coverage-section';
import { IceboxSection } from './icebox-section';
import { ObjectivesSection } from './objectives-section';
import { projectKeyOfPage } from './project-key-of-page';
import { RerankSection } from './rerank-section';

/** The OKR roadmap: objectives and key results, coverage, Icebox, capacity and re-rank. */
export function App() {
  const [projectKey, setProjectKey] = useState<string | undefined | null>(null);
  const [roadmap, setRoadmap] = useState<CallState<RoadmapData>>({ status: 'loading' });

  const load = useCallback(async (key: string | undefined, quietly = false) => {
    if (!quietly) {
      setRoadmap({ status: 'loading' });
    }
    const answer = await callResolver('roadmap/get', key === undefined ? {} : { projectKey: key });
    setRoadmap(
      answer.ok ? { status: 'ready', data: answer.data } : { status: 'error', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void projectKeyOfPage().then((key) => {
      setProjectKey(key);
      return load(key);
    });
  }, [load]);

  const reload = useCallback(() => load(projectKey ?? undefined, true), [load, projectKey]);
  const scopeText =
    roadmap.status === 'ready' && roadmap.data.scope.kind === 'project'
      ? `project ${roadmap.data.scope.projectKey}`
      : 'every project you can see';

  return (
    <main className="kr-page" aria-busy={roadmap.status === 'loading'}>
      <header className="kr-header">
        <h1>OKR roadmap</h1>
        {roadmap.status === 'ready' && (
          <p className="kr-subtle">
            {scopeText} · as of {roadmap.data.asOf}
          </p>
        )}
      </header>
      {roadmap.status === 'loading' && <Loading>Loading the roadmap…</Loading>}
      {roadmap.status === 'error' && (
        <CallError error={roadmap.error} onRetry={() => void load(projectKey ?? undefined)} />
      )}
      {roadmap.status === 'ready' && (
        <div className="kr-layout">
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
