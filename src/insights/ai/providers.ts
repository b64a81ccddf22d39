/**
 * Which provider answers for a project. The OpenAI-compatible one answers when it is configured and either its
 * server is this machine (loopback: nothing leaves it) or the project allows external AI (ai_external_allowed);
 * otherwise the local model answers, and without one the request is refused (AI_EXTERNAL_NOT_ALLOWED).
 */
import fs from 'node:fs';
import type { AiConfig } from '../../config-ai.js';
import { AppError } from '../../errors.js';
import type { Project } from '../../store/types.js';
import { LocalProvider } from './local-provider.js';
import { OpenAiProvider } from './openai-provider.js';
import type { AiProvider } from './provider.js';

export class AiProviders {
  constructor(
    readonly config: AiConfig,
    readonly local: LocalProvider | null,
    readonly openai: OpenAiProvider | null,
  ) {}

  static fromConfig(config: AiConfig): AiProviders {
    if (config.provider === 'off') return new AiProviders(config, null, null);
    const local = fs.existsSync(config.modelPath) ? new LocalProvider({ modelPath: config.modelPath, threads: config.threads }) : null;
    const openai = config.provider === 'openai' && config.baseUrl && config.model
      ? new OpenAiProvider({ baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey })
      : null;
    return new AiProviders(config, local, openai);
  }

  /** GET /api/insights/ai. */
  status(): { provider: 'local' | 'openai' | 'off'; model: string | null; available: boolean } {
    if (this.openai) return { provider: 'openai', model: this.openai.model, available: true };
    if (this.local) return { provider: 'local', model: this.local.model, available: true };
    return { provider: 'off', model: null, available: false };
  }

  forProject(project: Project): AiProvider {
    if (this.openai && (this.openai.isLoopback || project.aiExternalAllowed)) return this.openai;
    if (this.local) return this.local;
    if (this.openai) {
      throw new AppError('AI_EXTERNAL_NOT_ALLOWED', `The AI provider is external and project "${project.slug}" does not allow its logs to leave this machine: set ai_external_allowed on the project, or install a local model (scripts/fetch-model.sh).`);
    }
    throw new AppError('AI_UNAVAILABLE', this.config.provider === 'off'
      ? 'AI is off (DEVSMITH_AI_PROVIDER=off).'
      : `No AI provider: the model file ${this.config.modelPath} is missing (run scripts/fetch-model.sh) and no DEVSMITH_AI_BASE_URL is set.`);
  }

  async close(): Promise<void> {
    await this.local?.close();
  }
}
