'use client';

import dynamic from 'next/dynamic';

/**
 * The service banner, loaded after the page: it shows client-side data only (the breakers' state, polled),
 * so nothing is lost by fetching its code late, and every page's first-load JavaScript stays free of it.
 */
export const ServiceBannerSlot = dynamic(() => import('./service-banner').then((module) => module.ServiceBanner), { ssr: false });
