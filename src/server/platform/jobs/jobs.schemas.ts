import { type Static, Type } from 'typebox';
import { StringEnum } from '../schema.ts';
import { JOB_STATUSES } from './runner.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Job = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'What the job does, e.g. `export`.' }),
    status: StringEnum(JOB_STATUSES),
    progress: Type.Object({
      done: Type.Integer(),
      total: Type.Union([Type.Integer(), Type.Null()], { description: 'Null while the total is not known yet.' }),
    }),
    message: Nullable(Type.String()),
    error: Nullable(Type.String({ description: 'Why the last attempt failed.' })),
    attempts: Type.Integer(),
    resultUrl: Nullable(Type.String({ description: 'Download link once the job succeeded with a file.' })),
    resultName: Nullable(Type.String()),
    createdAt: Type.String(),
    startedAt: Nullable(Type.String()),
    finishedAt: Nullable(Type.String()),
  },
  { title: 'Job' },
);
export type Job = Static<typeof Job>;

export const JobList = Type.Object({ data: Type.Array(Job) });
