// French wording of the demo offers and evaluations: job titles, missions, tutors' roles.
import type { Track } from '@snn/platform';

export const OFFER_TITLES: Record<Track, string[]> = {
  CYBERSECURITY: [
    'Analyste SOC junior',
    'Assistant·e auditeur·rice en sécurité des SI',
    'Analyste en réponse à incident',
    'Assistant·e pentester',
    'Assistant·e RSSI – gouvernance et conformité',
    'Analyste en renseignement sur la menace cyber',
  ],
  PROGRAMMING: [
    'Développeur·se web full stack',
    'Développeur·se back-end Java',
    'Développeur·se d’applications mobiles',
    'Ingénieur·e qualité logicielle et tests',
    'Développeur·se Python – outils internes',
    'Développeur·se front-end accessible (RGAA)',
  ],
  AI: [
    'Data analyst',
    'Assistant·e data scientist',
    'Ingénieur·e MLOps junior',
    'Chargé·e d’études en traitement automatique des langues',
    'Chargé·e d’études en IA de confiance',
  ],
  CRITICAL_INFRASTRUCTURE: [
    'Technicien·ne systèmes industriels (SCADA)',
    'Administrateur·rice systèmes et réseaux',
    'Assistant·e plan de continuité d’activité',
    'Technicien·ne supervision réseau (NOC)',
    'Assistant·e sécurité des systèmes industriels',
  ],
};

export const MISSIONS: Record<Track, string[]> = {
  CYBERSECURITY: [
    'surveiller les alertes du centre opérationnel de sécurité et qualifier les incidents',
    'participer aux audits de configuration et au suivi des plans de remédiation',
    'contribuer à la sensibilisation des agents et aux exercices d’hameçonnage',
    'mettre à jour la cartographie des risques et le registre des vulnérabilités',
  ],
  PROGRAMMING: [
    'développer de nouvelles fonctionnalités dans une équipe agile',
    'écrire des tests automatisés et améliorer l’intégration continue',
    'rendre une application métier conforme au référentiel d’accessibilité',
    'documenter et maintenir une API utilisée par plusieurs services',
  ],
  AI: [
    'préparer et nettoyer des jeux de données métier',
    'entraîner et évaluer des modèles de classification',
    'mettre en production et superviser des modèles',
    'analyser les biais et documenter l’usage responsable des modèles',
  ],
  CRITICAL_INFRASTRUCTURE: [
    'superviser les réseaux et traiter les incidents d’exploitation',
    'inventorier les automates et durcir leur configuration',
    'mettre à jour les procédures de continuité et préparer un exercice de crise',
    'administrer les serveurs et automatiser les tâches d’exploitation',
  ],
};

export const TUTOR_ROLES: Record<Track, string[]> = {
  CYBERSECURITY: [
    'Responsable de la sécurité des systèmes d’information (RSSI)',
    'Responsable du centre opérationnel de sécurité',
    'Auditeur·rice sécurité senior',
  ],
  PROGRAMMING: ['Lead développeur·se', 'Directeur·rice technique', 'Responsable qualité logicielle'],
  AI: ['Responsable data', 'Data scientist senior', 'Responsable de l’innovation'],
  CRITICAL_INFRASTRUCTURE: ['Responsable d’exploitation', 'Responsable des systèmes industriels', 'Responsable du plan de continuité d’activité'],
};

export function offerDescription(title: string, organisationName: string, mission: string, tutorRole: string): string {
  return (
    `${title} au sein de ${organisationName}. Vous serez amené·e à ${mission}. ` +
    `Stage encadré par le ou la ${tutorRole.charAt(0).toLowerCase()}${tutorRole.slice(1)}, dans le cadre du Service Numérique National.`
  );
}

export function howToApply(partnerReference: string): string {
  return `Candidature sur la plateforme du Service Numérique National (référence ${partnerReference}) : CV et lettre de motivation.`;
}

export function evaluationComment(score: number): string {
  if (score >= 16) return 'Excellent stage : grande autonomie, travail rigoureux, à recommander.';
  if (score >= 13) return 'Très bon stage : objectifs atteints, bonne intégration dans l’équipe.';
  if (score >= 10) return 'Stage satisfaisant : progrès réguliers, autonomie à renforcer.';
  return 'Objectifs partiellement atteints : un accompagnement complémentaire est conseillé.';
}
