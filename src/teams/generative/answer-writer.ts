/**
 * Optional generative mode: a teams-ai ActionPlanner writes a short answer from the passages that
 * retrieval already chose, citing them as [1], [2]... Retrieval decides whether there is an answer at
 * all; this only rewords it. Any failure (error, timeout, no valid citation, "not covered") throws,
 * and the caller shows the plain retrieval card instead.
 */
import {
  ActionPlanner,
  OpenAIModel,
  Prompt,
  PromptManager,
  TemplateSection,
  UserMessage,
  type AzureOpenAIModelOptions,
  type Memory,
  type OpenAIModelOptions,
  type PromptTemplate,
} from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { Citation } from '../../core/policy';

export type GenerativeSettings = NonNullable<Config['generative']>;

export interface GeneratedAnswer {
  /** The model's answer with only valid [n] markers left in. */
  text: string;
  /** 1-based passage numbers the answer cites, in order of first use. */
  cited: number[];
}

export interface AnswerWriter {
  write(
    context: TurnContext,
    question: string,
    citations: readonly Citation[],
  ): Promise<GeneratedAnswer>;
}

export class GenerationFailedError extends Error {
  constructor(
    readonly reason: 'model_error' | 'timeout' | 'empty' | 'not_covered' | 'no_citations',
  ) {
    super(`generative answer failed: ${reason}`);
    this.name = 'GenerationFailedError';
  }
}

export const PROMPT_NAME = 'policy-answer';
/** Marker the prompt asks the model to return when the passages do not answer the question. */
export const NOT_COVERED_MARKER = 'NOT COVERED';
const DEFAULT_TIMEOUT_MS = 8000;
const MAX_PASSAGE_CHARS = 2500;
const MAX_ANSWER_CHARS = 1200;

// Inlined rather than loaded from a prompts folder: tsc does not copy non-TS files to dist, and a
// missing prompt file would only show up on the first question in production.
const SYSTEM_PROMPT = `You help school staff understand their school's own policy.
Answer the staff member's question using ONLY the numbered policy passages below. Do not use any other knowledge and do not invent rules.
Write a short answer: at most three sentences, plain British English, no headings.
After each statement put the number of the passage it comes from in square brackets, like [1] or [2]. Every statement needs a number.
If the passages do not answer the question, reply with exactly: ${NOT_COVERED_MARKER}

Policy passages:
{{$policyPassages}}`;

function promptTemplate(): PromptTemplate {
  return {
    name: PROMPT_NAME,
    prompt: new Prompt([
      new TemplateSection(SYSTEM_PROMPT, 'system'),
      new UserMessage('{{$temp.input}}'),
    ]),
    config: {
      schema: 1.1,
      type: 'completion',
      description: 'Short cited answer from retrieved policy passages',
      completion: {
        completion_type: 'chat',
        include_history: false,
        include_input: true,
        include_images: false,
        max_tokens: 300,
        max_input_tokens: 6000,
        temperature: 0,
        top_p: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
      },
    },
  };
}

/** How a passage is shown to the model: number, where it comes from, and its text. */
export function formatPassages(citations: readonly Citation[]): string {
  return citations
    .map((c, i) => {
      const where = [c.document, c.section ? `section ${c.section}` : null, c.heading]
        .filter(Boolean)
        .join(', ');
      const text =
        c.fullText.length > MAX_PASSAGE_CHARS
          ? `${c.fullText.slice(0, MAX_PASSAGE_CHARS)} ...`
          : c.fullText;
      return `[${i + 1}] ${where}\n${text}`;
    })
    .join('\n\n');
}

/**
 * Keeps [n] markers that point at a passage we sent, drops the rest, and reports which passages are
 * cited. An answer citing nothing we sent is not used.
 */
export function checkCitations(raw: string, passageCount: number): GeneratedAnswer {
  const cited: number[] = [];
  const text = raw
    .replace(/\[(\d{1,2})\]/g, (marker, n: string) => {
      const i = Number(n);
      if (i < 1 || i > passageCount) return '';
      if (!cited.includes(i)) cited.push(i);
      return marker;
    })
    .replace(/[ \t]+([.,;:])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text, cited };
}

/** Per-call scratch memory: nothing from the conversation reaches the prompt, nothing is kept. */
class ScratchMemory implements Memory {
  private readonly values = new Map<string, unknown>();
  private key(path: string): string {
    return path.includes('.') ? path : `temp.${path}`;
  }
  deleteValue(path: string): void {
    this.values.delete(this.key(path));
  }
  hasValue(path: string): boolean {
    return this.values.has(this.key(path));
  }
  getValue<TValue = unknown>(path: string): TValue {
    return this.values.get(this.key(path)) as TValue;
  }
  setValue(path: string, value: unknown): void {
    this.values.set(this.key(path), value);
  }
}

export interface AnswerWriterOptions {
  timeoutMs?: number;
  /** Azure API version; defaults to a GA version that supports chat completions. */
  azureApiVersion?: string;
  /** Passed to the openai client (tests point `fetch` at a local server for the Azure https URL). */
  clientOptions?: OpenAIModelOptions['clientOptions'];
}

export function createAnswerWriter(
  settings: GenerativeSettings,
  options: AnswerWriterOptions = {},
): AnswerWriter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientOptions = { ...options.clientOptions, timeout: timeoutMs, maxRetries: 0 };
  const modelOptions: OpenAIModelOptions | AzureOpenAIModelOptions =
    settings.provider === 'azure'
      ? {
          azureApiKey: settings.apiKey,
          azureEndpoint: settings.endpoint,
          azureDefaultDeployment: settings.deployment,
          azureApiVersion: options.azureApiVersion ?? '2024-06-01',
          useSystemMessages: true,
          clientOptions,
        }
      : {
          apiKey: settings.apiKey,
          defaultModel: settings.model,
          endpoint: settings.endpoint,
          useSystemMessages: true,
          clientOptions,
        };
  const model = new OpenAIModel(modelOptions);
  const prompts = new PromptManager({ promptsFolder: '' });
  prompts.addPrompt(promptTemplate());
  const planner = new ActionPlanner({
    model,
    prompts,
    defaultPrompt: PROMPT_NAME,
    max_repair_attempts: 0,
  });

  return {
    async write(context, question, citations) {
      const memory = new ScratchMemory();
      memory.setValue('temp.input', question);
      memory.setValue('temp.policyPassages', formatPassages(citations));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new GenerationFailedError('timeout')), timeoutMs + 500);
      });
      try {
        const response = await Promise.race([
          planner.completePrompt<string>(context, memory, PROMPT_NAME),
          timeout,
        ]);
        if (response.status !== 'success') throw new GenerationFailedError('model_error');
        const content = String(response.message?.content ?? '').trim();
        if (!content) throw new GenerationFailedError('empty');
        if (content.toUpperCase().includes(NOT_COVERED_MARKER))
          throw new GenerationFailedError('not_covered');
        const checked = checkCitations(content.slice(0, MAX_ANSWER_CHARS), citations.length);
        if (checked.cited.length === 0) throw new GenerationFailedError('no_citations');
        return checked;
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
