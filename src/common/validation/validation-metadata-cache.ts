import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

type Grouped = Record<string, ValidationMetadata[]>;

/**
 * class-validator works out a class's rules on every validate call, scanning every class that has rules
 * (an `instanceof` each, for inherited ones) and grouping the result by property: with the app's few hundred
 * DTOs that was most of the validation pipe's cost on a small query. Rules are registered by decorators
 * when the classes load and do not change afterwards, so both answers are kept per class and option set,
 * and forgotten whenever a rule is added. Callers only read the arrays and objects they get back.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);

  let rulesByClass = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupedByRules = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = () => {
    rulesByClass = new WeakMap();
    groupedByRules = new WeakMap();
  };

  const rulesOf = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let byOptions = rulesByClass.get(target);
    if (!byOptions) rulesByClass.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = rulesOf(target, schema, always, strictGroups, groups)));
    return rules;
  };

  const groupOf = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (rules) => {
    let grouped = groupedByRules.get(rules);
    if (!grouped) groupedByRules.set(rules, (grouped = groupOf(rules)));
    return grouped;
  };

  for (const method of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const add = storage[method].bind(storage) as (metadata: never) => void;
    storage[method] = (metadata: never) => {
      add(metadata);
      forget();
    };
  }
}

const cached = new WeakSet<MetadataStorage>();
