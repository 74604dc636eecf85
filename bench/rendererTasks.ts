// The page's main-thread tasks, from a Chromium trace: each task's wall time and the CPU time its
// thread spent in it. On a shared machine a task's wall time also counts the time other
// processes held the core, so a bench reports both and judges a target on the thread's own time.
import type { Browser, Page } from 'playwright-core';

/** A main-thread task's time, ms. */
export interface TaskTime {
  /** wall-clock duration */
  wall: number;
  /** CPU time of the thread in it */
  cpu: number;
}

/** What a traced stretch held. */
export interface TracedTasks {
  /** the longest wall time and the most CPU time of any task */
  longest: TaskTime;
  /** every task's time added up */
  total: TaskTime;
  /** the tasks that ran an animation frame (the view draws in requestAnimationFrame), with when they began (ms) */
  frames: (TaskTime & { start: number })[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Starts recording the page's tasks; the returned function stops and gives what ran. */
export async function traceTasks(browser: Browser, page: Page): Promise<() => Promise<TracedTasks>> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  return async () => {
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as
      { traceEvents: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(trace) ? trace : trace.traceEvents;
    const mains = new Set(
      events
        .filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
        .map((event) => `${event.pid}:${event.tid}`),
    );
    const onMain = events.filter((event) => event.ph === 'X' && mains.has(`${event.pid}:${event.tid}`));
    const tasks = onMain.filter((event) => event.name === 'RunTask').sort((a, b) => a.ts - b.ts);
    const animation = onMain.filter((event) => event.name === 'FireAnimationFrame').map((event) => event.ts);
    animation.sort((a, b) => a - b);
    const longest: TaskTime = { wall: 0, cpu: 0 };
    const total: TaskTime = { wall: 0, cpu: 0 };
    const frames: TracedTasks['frames'] = [];
    let next = 0;
    for (const task of tasks) {
      const time = { wall: (task.dur ?? 0) / 1000, cpu: (task.tdur ?? 0) / 1000 };
      longest.wall = Math.max(longest.wall, time.wall);
      longest.cpu = Math.max(longest.cpu, time.cpu);
      total.wall += time.wall;
      total.cpu += time.cpu;
      while (next < animation.length && animation[next] < task.ts) next++;
      if (next < animation.length && animation[next] <= task.ts + (task.dur ?? 0))
        frames.push({ ...time, start: task.ts / 1000 });
    }
    return { longest, total, frames };
  };
}
